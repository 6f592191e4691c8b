namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>One API and one database for a test class. The tier decides which database.</summary>
public abstract class ApiFixture : IAsyncLifetime
{
    private ShopApiFactory? _api;

    protected abstract DatabaseTier CreateTier();

    /// <summary>Extra configuration for this fixture's API (keys as in appsettings).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public DatabaseTier Tier { get; private set; } = null!;

    public ShopApiFactory Api => _api ?? throw new InvalidOperationException(Tier.SkipReason ?? "The API was not started.");

    public async ValueTask InitializeAsync()
    {
        Tier = CreateTier();
        await Tier.StartAsync();
        if (Tier.SkipReason is null)
        {
            _api = new ShopApiFactory(Tier, Settings);
            _ = _api.Server; // start now: migrations and seeding happen here, not in the first test
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await Tier.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteApi : ApiFixture
{
    protected override DatabaseTier CreateTier() => new SqliteTier();
}

public sealed class PostgresApi : ApiFixture
{
    protected override DatabaseTier CreateTier() => new PostgresTier();
}

public sealed class SqlServerApi : ApiFixture
{
    protected override DatabaseTier CreateTier() => new SqlServerTier();
}
