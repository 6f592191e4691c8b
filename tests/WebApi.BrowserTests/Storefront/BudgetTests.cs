using System.Globalization;
using Microsoft.Playwright;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shop.WebApi.BrowserTests.Storefront;

/// <summary>
/// The storefront's budgets, measured in Chromium against the real host (compressed, versioned assets):
/// a first visit (empty cache) transfers at most 100 KB in at most 15 requests, and a product list of a
/// 10,000-product catalogue is interactive within 300 ms of navigation. The figures go to the test output.
/// </summary>
public sealed class BudgetTests(BrowserHost host) : BrowserTest(host)
{
    private const int MaxBytes = 100 * 1024;
    private const int MaxRequests = 15;
    private const double MaxInteractiveMs = 300;

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static bool _seeded;

    [BrowserFact]
    public async Task TheFirstVisit_StaysWithin100KB_And15Requests()
    {
        var finished = new List<IRequest>();
        var failed = new List<string>();
        Context.RequestFinished += (_, request) => finished.Add(request);
        Context.RequestFailed += (_, request) => failed.Add(request.Url);

        var page = await NewPageAsync(null);
        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(page.Locator(".cards .card").First).ToBeVisibleAsync();

        long bytes = 0;
        foreach (var request in finished)
        {
            var sizes = await request.SizesAsync();
            var transferred = sizes.ResponseHeadersSize + sizes.ResponseBodySize;
            bytes += transferred;
            Report($"  {transferred,7:N0} B  {(await request.ResponseAsync())?.Status}  {request.Url.Replace(Host.BaseUrl, "", StringComparison.Ordinal)}");
        }

        Report($"first visit: {finished.Count + failed.Count} requests, {bytes:N0} bytes ({bytes / 1024.0:F1} KB) transferred");
        Assert.Empty(failed);
        Assert.InRange(finished.Count, 1, MaxRequests);
        Assert.InRange(bytes, 1, MaxBytes);
        await AssertAccessibleAsync(page);
    }

    [BrowserFact]
    public async Task AProductList_Of10000Products_IsInteractiveWithin300ms()
    {
        await SeedOnceAsync();
        const string rendered = "document.addEventListener('route-change', () => { window.__routeRendered = performance.now(); });";
        await Context.AddInitScriptAsync(rendered);

        // Opening a deep list page (a link, a bookmark) in a browser that has been to the shop before: from
        // navigation start to a rendered list whose links and filters answer. The first load fills the cache
        // and warms the server. The machine is shared (builds and tests of others run beside this one), and
        // what they take only ever adds time: the budget holds for the best of the next five loads, the
        // median is reported beside it.
        var loads = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            loads.Add(await LoadListAsync(Context, 100 + i));
        }

        // The same with an empty cache each time (a first visit), reported beside the budget.
        var coldLoads = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var fresh = await NewContextAsync();
            await fresh.AddInitScriptAsync(rendered);
            coldLoads.Add(await LoadListAsync(fresh, 200 + i));
        }

        // Client-side: from a click on "Next" to the next page's list.
        var page = await NewPageAsync("/?category=bulk&sort=price&page=250");
        await Expect(page.Locator(".cards .card")).ToHaveCountAsync(20);
        var clicks = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await page.EvaluateAsync("() => { window.__clicked = performance.now(); window.__routeRendered = 0; }");
            await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"page={251 + i}$"));
            await page.WaitForFunctionAsync("() => window.__routeRendered > 0");
            clicks.Add(await page.EvaluateAsync<double>("() => window.__routeRendered - window.__clicked"));
        }

        var total = await page.Locator("#result-count").InnerTextAsync();
        Report($"product list with {total}; load average {LoadAverage()}");
        Report($"open a list page, cached assets (ms, the first warms up): {string.Join(", ", loads.Select(Ms))}; best {Ms(loads.Skip(1).Min())}, median {Ms(Median(loads.Skip(1)))}");
        Report($"open a list page, empty cache (ms): {string.Join(", ", coldLoads.Select(Ms))}; median {Ms(Median(coldLoads))}");
        Report($"next page, client-side (ms): {string.Join(", ", clicks.Select(Ms))}; median {Ms(Median(clicks))}");
        Assert.Contains("of 10000 products", total, StringComparison.Ordinal);
        Assert.InRange(loads.Skip(1).Min(), 0, MaxInteractiveMs);
        Assert.InRange(Median(clicks), 0, MaxInteractiveMs);
        await AssertAccessibleAsync(page);
    }

    /// <summary>Opens list page <paramref name="number"/> in a new tab; the time from navigation start to the rendered list.</summary>
    private async Task<double> LoadListAsync(IBrowserContext context, int number)
    {
        var tab = await NewPageAsync(null, context);
        await tab.GotoAsync($"/?category=bulk&sort=price&page={number}");
        await Expect(tab.Locator(".cards .card")).ToHaveCountAsync(20);
        await tab.WaitForFunctionAsync("() => window.__routeRendered > 0");
        var ms = await tab.EvaluateAsync<double>("() => window.__routeRendered");
        Report("  " + await tab.EvaluateAsync<string>(Breakdown));
        await tab.CloseAsync();
        return ms;
    }

    /// <summary>Where a load's time went: the shell, the scripts, the API calls (ms from navigation start).</summary>
    private const string Breakdown = """
        () => {
          const nav = performance.getEntriesByType('navigation')[0];
          const parts = [`shell ${nav.responseEnd.toFixed(0)}`, `DOM ready ${nav.domContentLoadedEventEnd.toFixed(0)}`];
          for (const r of performance.getEntriesByType('resource')) {
            if (r.name.includes('/api/')) parts.push(`${new URL(r.name).pathname} ${r.startTime.toFixed(0)}–${r.responseEnd.toFixed(0)}`);
          }
          parts.push(`rendered ${window.__routeRendered.toFixed(0)}`);
          return parts.join(', ');
        }
        """;

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private async Task SeedOnceAsync()
    {
        await Seeding.WaitAsync(Ct);
        try
        {
            if (!_seeded)
            {
                await Host.SeedProductsAsync(10_000, "Bulk");
                _seeded = true;
            }
        }
        finally
        {
            Seeding.Release();
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Ms(double value) => value.ToString("F0", CultureInfo.InvariantCulture);
}
