using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Serilog.Events;
using Shop.Infrastructure.Persistence;

namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// The real API in memory, on a real database of the given tier, with a clock the tests can move and a
/// log sink they can read. Configuration goes through the same keys an operator would set.
/// </summary>
public sealed class ShopApiFactory(DatabaseTier tier, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@shop.test";
    public const string AdminPassword = "admin-password-for-tests";
    public const string SigningKey = "functional-tests-signing-key-0123456789-abcdefghij";
    public const string MetricsToken = "functional-tests-scrape-token";
    public const string PublicBaseUrl = "https://shop.test";

    /// <summary>The API's clock. It moves 1 ms per reading, like a real clock, and jumps when a test says so.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public CapturedLog Log { get; } = new();

    /// <summary>The database round trips of the requests that ask for counting (<see cref="DatabaseRoundTrips.Header"/>).</summary>
    public DatabaseRoundTrips RoundTrips { get; } = new();

    public DatabaseTier Tier => tier;

    /// <summary>Like <c>CreateClient()</c> (cookies, redirects), with every exchange held against the OpenAPI document.</summary>
    public HttpClient CreateConformingClient() =>
        CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(), new OpenApiConformanceHandler());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = tier.Provider,
            ["ConnectionStrings:Shop"] = tier.ConnectionString,
            ["Jwt:SigningKey"] = SigningKey,
            ["Seed:AdminEmail"] = AdminEmail,
            ["Seed:AdminPassword"] = AdminPassword,
            ["Seed:SampleCatalog"] = "false",
            ["Revocation:PollIntervalSeconds"] = "0.2",
            ["Metrics:ScrapeToken"] = MetricsToken,
            ["Serilog:MinimumLevel:Default"] = "Information",

            // Every test shares one client "IP"; the per-IP auth limit has its own tests with a low value.
            ["RateLimit:AuthPerIpPerMinute"] = "1000000",
            ["Auth:ForgotPasswordPerIpPerWindow"] = "1000000",

            // Emails go over real SMTP to the server in this process; links point at the storefront.
            ["App:PublicBaseUrl"] = PublicBaseUrl,
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = TestSmtpServer.Shared.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:UseTls"] = "false",
            ["Email:Outbox:PollSeconds"] = "0.1",

            // The suites log in as the seeded admin; the MFA tests turn the requirement on for themselves.
            ["Auth:RequireMfaForRoles"] = "",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        foreach (var (key, value) in values)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<ILogEventSink>(Log);
            services.ConfigureDbContext<ShopDbContext>(o => o.AddInterceptors(RoundTrips));
        });
    }
}

/// <summary>Every log event the API wrote, rendered, for tests that check what never reaches a log.</summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        logEvent.RenderMessage(writer);
        foreach (var (name, value) in logEvent.Properties)
        {
            writer.Write($" {name}={value}");
        }

        if (logEvent.Exception is not null)
        {
            writer.Write(" " + logEvent.Exception);
        }

        _lines.Enqueue(writer.ToString());
        if (logEvent.Level >= LogEventLevel.Error)
        {
            _errors.Enqueue(writer.ToString());
        }
    }

    /// <summary>The events at level Error or above.</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string All => string.Join('\n', _lines);
}
