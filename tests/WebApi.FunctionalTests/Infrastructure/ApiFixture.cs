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
        CleanUp();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs after the API and its database are gone: removes what the fixture made beside them.</summary>
    protected virtual void CleanUp()
    {
    }
}

/// <summary>The configuration a fixture's API runs with, named by a type, so that a fixture is "tier × settings"
/// (<see cref="ApiFixture{TTier, TSettings}"/>) instead of a hand-written class per pair.</summary>
public interface IApiSettings
{
    static abstract IReadOnlyDictionary<string, string?> Values { get; }
}

/// <summary>The API as its appsettings make it.</summary>
public sealed class DefaultSettings : IApiSettings
{
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>();
}

/// <summary>One API on a new <typeparamref name="TTier"/> database, configured with <typeparamref name="TSettings"/>.</summary>
public class ApiFixture<TTier, TSettings> : ApiFixture
    where TTier : DatabaseTier, new()
    where TSettings : IApiSettings
{
    protected sealed override DatabaseTier CreateTier() => new TTier();

    protected sealed override IReadOnlyDictionary<string, string?> Settings => TSettings.Values;
}

public sealed class SqliteApi : ApiFixture<SqliteTier, DefaultSettings>;

public sealed class PostgresApi : ApiFixture<PostgresTier, DefaultSettings>;

public sealed class SqlServerApi : ApiFixture<SqlServerTier, DefaultSettings>;
