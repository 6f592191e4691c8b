using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;
using Shop.Infrastructure.Persistence;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.BrowserTests.Infrastructure;

/// <summary>
/// What every browser test shares (one per test run, see <see cref="BrowserCollection"/>): the real API on
/// Kestrel on a loopback port, on a fresh SQLite file in a temp folder, with the sample catalogue seeded, a
/// clock the tests can move (<see cref="Time"/>), emails delivered over SMTP to the in-process
/// <see cref="TestSmtpServer"/>, and one headless Chromium (Debian's, at /usr/bin/chromium; Playwright's own
/// browser download is never used).
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string AdminEmail = "admin@shop.test";
    public const string AdminPassword = "admin-password-for-browser-tests";

    private readonly string _folder = Directory.CreateTempSubdirectory("shop-browser-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Factory? _api;

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? SkipReason =>
        File.Exists(ChromiumPath) ? null : $"No Chromium at {ChromiumPath}: install Debian's 'chromium' package (.ci/run does).";

    /// <summary>The storefront's origin, e.g. http://127.0.0.1:40123 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The API's clock: 1 ms per reading, and jumps when a test moves it.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public static TestSmtpServer Smtp => TestSmtpServer.Shared;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(SkipReason ?? "The browser was not started.");

    public IServiceProvider Services => (_api ?? throw new InvalidOperationException("The API was not started.")).Services;

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        var port = TestSmtpServer.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _api = new Factory(this, new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "shop.db"), Pooling = false }.ToString());
        _api.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _api.StartServer(); // migrations and seeding happen here, once for every browser test
        var address = _api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh browser profile (its own cookies and storage), like another person's browser.</summary>
    public Task<IBrowserContext> NewContextAsync() => Browser.NewContextAsync(new()
    {
        BaseURL = BaseUrl,
        ViewportSize = new() { Width = 1280, Height = 900 },
        Locale = "en-GB",
    });

    /// <summary>An HTTP client to the running API, for setting up data without a browser.</summary>
    public HttpClient Http() => new() { BaseAddress = new Uri(BaseUrl) };

    /// <summary>Registers a customer through the API (not the pages): for tests whose subject is elsewhere.</summary>
    public async Task<(string Email, string Password)> NewCustomerAsync(string name = "Test Customer")
    {
        var email = $"customer-{Guid.NewGuid():N}@shop.test";
        const string password = "correct horse battery staple";
        using var http = Http();
        var answer = await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password, full_name = name });
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        return (email, password);
    }

    /// <summary>Adds <paramref name="count"/> published products in a new category, straight into the database.</summary>
    public async Task<Category> SeedProductsAsync(int count, string categoryName)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var ids = scope.ServiceProvider.GetRequiredService<IIdGenerator>();
        var now = Time.GetUtcNow();
        var slug = categoryName.ToLowerInvariant().Replace(' ', '-');
        var category = Category.Create(categoryName, slug, now, ids.New(now));
        db.Categories.Add(category);
        for (var i = 0; i < count; i++)
        {
            var created = now.AddSeconds(-i);
            db.Products.Add(Product.Create($"{categoryName} item {i:D5}", $"Item {i} of the {categoryName.ToLowerInvariant()} range.",
                1m + i % 500, 10 + i % 40, category.Id, publish: true, created, ids.New(created)));
        }

        await db.SaveChangesAsync();
        return category;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still open is left to the temp folder's cleanup
        }
    }

    /// <summary>The API as an operator would configure it, on Kestrel, with the test clock.</summary>
    private sealed class Factory(BrowserHost host, string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            var values = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Shop"] = connectionString,
                ["Jwt:SigningKey"] = "browser-tests-signing-key-0123456789-abcdefghijkl",
                ["Seed:AdminEmail"] = AdminEmail,
                ["Seed:AdminPassword"] = AdminPassword,
                ["Seed:SampleCatalog"] = "true",
                ["Revocation:PollIntervalSeconds"] = "0.2",
                ["RateLimit:AuthPerIpPerMinute"] = "1000000",
                ["Auth:ForgotPasswordPerIpPerWindow"] = "1000000",
                ["Auth:RequireMfaForRoles"] = "",
                ["App:PublicBaseUrl"] = host.BaseUrl,
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:UseTls"] = "false",
                ["Email:Outbox:PollSeconds"] = "0.1",
                ["Serilog:MinimumLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in values)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(host.Time));
        }
    }
}

/// <summary>
/// Every browser test class joins this collection: one API and one Chromium for all of them, and the
/// classes run one after another (they share the clock).
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHost>
{
    public const string Name = "Browser";
}

/// <summary>A test that needs Chromium: skipped, with the reason, where there is none.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute(
        [System.Runtime.CompilerServices.CallerFilePath] string? sourceFilePath = null,
        [System.Runtime.CompilerServices.CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (BrowserHost.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
