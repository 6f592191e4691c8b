using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Shop.WebApi.BrowserTests.Infrastructure;

/// <summary>
/// Base of every browser test class: <c>[Collection(BrowserCollection.Name)] public sealed class MyTests(BrowserHost host) : BrowserTest(host)</c>
/// with <c>[BrowserFact]</c> tests. Each test gets a fresh browser profile (<see cref="Context"/>); pages come from
/// <see cref="NewPageAsync"/>. When the test ends, a screenshot of the last page opened is saved under the test
/// output folder (screenshots/{Class}.{Test}.png) and attached to the test result. Call
/// <see cref="AssertAccessibleAsync"/> on every page a test visits.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserHost host) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _pageErrors = [];
    private IPage? _lastPage;

    protected BrowserHost Host => host;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>This test's browser profile; <see cref="NewContextAsync"/> makes more (another person's browser).</summary>
    protected IBrowserContext Context { get; private set; } = null!;

    /// <summary>Script errors and Content-Security-Policy violations seen on any page of this test.</summary>
    protected IReadOnlyList<string> PageErrors => _pageErrors;

    /// <summary>How long an action or an expectation waits for the page: on a busy machine (every test project at
    /// once) an answer can take seconds; what is expected must still happen, only later.</summary>
    protected const float Patience = 15_000;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(BrowserHost.SkipReason is not null, BrowserHost.SkipReason ?? "");
        Assertions.SetDefaultExpectTimeout(Patience);
        Context = await NewContextAsync();
    }

    protected async Task<IBrowserContext> NewContextAsync()
    {
        var context = await host.NewContextAsync();
        context.SetDefaultTimeout(Patience);
        _contexts.Add(context);
        return context;
    }

    /// <summary>A new tab in <paramref name="context"/> (this test's profile by default), opened at <paramref name="path"/>.</summary>
    protected async Task<IPage> NewPageAsync(string? path = "/", IBrowserContext? context = null)
    {
        var page = await (context ?? Context).NewPageAsync();
        page.PageError += (_, error) => _pageErrors.Add($"{page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type != "error")
            {
                return;
            }

            Report($"console error on {page.Url}: {message.Text}"); // 401s the page expects show up here too
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _pageErrors.Add($"{page.Url}: {message.Text}");
            }
        };
        _lastPage = page;
        if (path is not null)
        {
            await page.GotoAsync(path);
        }

        return page;
    }

    /// <summary>Makes <paramref name="page"/> the one whose screenshot is kept when the test ends.</summary>
    protected void Track(IPage page) => _lastPage = page;

    /// <summary>axe-core on the page as it is now: no serious or critical violation, and no script error so far.</summary>
    protected async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe-core on {page.Url}:\n" + string.Join('\n', bad.Select(Describe)));
        Assert.True(_pageErrors.Count == 0, "Errors in the page:\n" + string.Join('\n', _pageErrors));
    }

    private static string Describe(AxeResultItem v) =>
        $"- {v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(' ', n.Target)))})";

    /// <summary>Saves a screenshot of <paramref name="page"/> as a test artifact; returns its path.</summary>
    protected static async Task<string> ScreenshotAsync(IPage page, string? name = null)
    {
        var test = TestContext.Current.Test;
        var file = name ?? $"{test?.TestCase.TestClassName?.Split('.').Last()}.{test?.TestCase.TestMethodName}";
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, file + ".png");
        var bytes = await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(file, bytes, "image/png");
        return path;
    }

    /// <summary>Writes a line to the test's output (shown by the runner, kept in the reports).</summary>
    protected static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    public async ValueTask DisposeAsync()
    {
        if (_lastPage is { IsClosed: false } page)
        {
            try
            {
                await ScreenshotAsync(page);
            }
            catch (PlaywrightException)
            {
                // the page is gone (its browser closed): nothing to keep
            }
        }

        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
