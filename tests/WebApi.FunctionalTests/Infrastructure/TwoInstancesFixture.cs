using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shop.Infrastructure.Redis;

namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// Two API instances (two hosts in this process) on one database and one Redis server, as behind a load
/// balancer. The database is PostgreSQL when <c>SHOP_TEST_POSTGRES</c> is set, else one SQLite file that both
/// hosts open. Instance A starts fully (migrations, seed) before B starts. Both read one clock, as
/// NTP-synchronised machines do: per-user and global cut-offs compare times taken on different instances.
/// </summary>
public abstract class TwoInstancesFixture : IAsyncLifetime
{
    private readonly string _prefix = $"shop-test-{Guid.NewGuid():N}";

    /// <summary>The poll interval of both instances: the bound on staleness without Redis.</summary>
    public abstract TimeSpan PollInterval { get; }

    /// <summary>Whether the tests stop and restart Redis (then it must be a server of their own).</summary>
    protected abstract bool StopsRedis { get; }

    public DatabaseTier Tier { get; private set; } = null!;

    public RedisServer? Redis { get; private set; }

    public string? SkipReason { get; private set; }

    private ShopApiFactory _a = null!;
    private ShopApiFactory _b = null!;

    public WebApplicationFactory<Program> A { get; private set; } = null!;

    public WebApplicationFactory<Program> B { get; private set; } = null!;

    /// <summary>The clock of both instances; it moves 1 ms per reading, like a real one.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public CapturedLog ALog => _a.Log;

    public CapturedLog BLog => _b.Log;

    public async ValueTask InitializeAsync()
    {
        (Redis, SkipReason) = await RedisServer.AcquireAsync(StopsRedis);
        Tier = string.IsNullOrWhiteSpace(DatabaseTier.PostgresServer) ? new SqliteTier() : new PostgresTier();
        await Tier.StartAsync();
        SkipReason ??= Tier.SkipReason;
        if (SkipReason is not null)
        {
            return;
        }

        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = Redis!.Configuration,
            ["Redis:Channel"] = $"{_prefix}:revocations",
            ["Redis:CatalogChannel"] = $"{_prefix}:catalog",
            ["Redis:InstanceName"] = $"{_prefix}:",
            ["Revocation:PollIntervalSeconds"] = PollInterval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cleanup:IntervalMinutes"] = "0",
        };
        _a = new ShopApiFactory(Tier, settings);
        A = _a.WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock)));
        _ = A.Server;
        _b = new ShopApiFactory(Tier, settings);
        B = _b.WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock)));
        _ = B.Server;

        await WaitUntilReadyAsync(A, "healthy", TimeSpan.FromSeconds(20));
        await WaitUntilReadyAsync(B, "healthy", TimeSpan.FromSeconds(20));
    }

    /// <summary>Waits until <c>/health/ready</c> of the instance reports the status (healthy, degraded) with 200.</summary>
    public static async Task<ReadyReport> WaitUntilReadyAsync(WebApplicationFactory<Program> instance, string status, TimeSpan timeout)
    {
        using var client = instance.CreateClient();
        var started = System.Diagnostics.Stopwatch.StartNew();
        ReadyReport? last = null;
        while (started.Elapsed < timeout)
        {
            var response = await client.GetAsync("/health/ready");
            last = (await response.Content.ReadFromJsonAsync<ReadyReport>(Json))! with { Code = (int)response.StatusCode };
            if (last.Status == status && last.Code == 200)
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"/health/ready did not report '{status}' within {timeout}; last: {JsonSerializer.Serialize(last, Json)}");
    }

    public static RedisRevocationSubscriber Subscriber(WebApplicationFactory<Program> instance) =>
        instance.Services.GetRequiredService<RedisRevocationSubscriber>();

    public static RedisCatalogChanges CatalogChanges(WebApplicationFactory<Program> instance) =>
        instance.Services.GetRequiredService<RedisCatalogChanges>();

    public async ValueTask DisposeAsync()
    {
        if (SkipReason is null)
        {
            await B.DisposeAsync();
            await _b.DisposeAsync();
            await A.DisposeAsync();
            await _a.DisposeAsync();
        }

        await Tier.DisposeAsync();
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

public sealed record ReadyReport(string Status, Dictionary<string, ReadyCheck> Checks, int Code = 0);

public sealed record ReadyCheck(string Status, string? Description);

/// <summary>Redis up for the whole class; a poll interval so long that only Redis can explain a fast refusal.</summary>
public sealed class TwoInstancesWithRedis : TwoInstancesFixture
{
    public override TimeSpan PollInterval => TimeSpan.FromSeconds(30);

    protected override bool StopsRedis => false;
}

/// <summary>A Redis server the tests stop and restart; a short poll interval, the bound while Redis is away.</summary>
public sealed class TwoInstancesLosingRedis : TwoInstancesFixture
{
    public override TimeSpan PollInterval => TimeSpan.FromSeconds(1);

    protected override bool StopsRedis => true;
}
