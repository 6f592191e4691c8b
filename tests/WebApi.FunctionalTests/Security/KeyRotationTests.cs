using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>
/// Three deployments of the API over one database, as a key rotation goes: first key "k1" alone; then
/// "k2" signing with "k1" still listed; then "k1" rotated out.
/// </summary>
public abstract class KeyRotationFixture : IAsyncLifetime
{
    private const string KeyOne = "rotation-key-one-0123456789-abcdefghijklmnopqrstuvwxyz";
    private const string KeyTwo = "rotation-key-two-0123456789-abcdefghijklmnopqrstuvwxyz";

    protected abstract DatabaseTier CreateTier();

    public DatabaseTier Tier { get; private set; } = null!;

    public ShopApiFactory Before { get; private set; } = null!;

    public ShopApiFactory During { get; private set; } = null!;

    public ShopApiFactory After { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Tier = CreateTier();
        await Tier.StartAsync();
        if (Tier.SkipReason is not null)
        {
            return;
        }

        Before = Start(("k1", KeyOne, true));
        During = Start(("k2", KeyTwo, true), ("k1", KeyOne, false));
        After = Start(("k2", KeyTwo, true));
    }

    private ShopApiFactory Start(params (string Kid, string Key, bool Active)[] keys)
    {
        var settings = new Dictionary<string, string?> { ["Jwt:SigningKey"] = "" };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Jwt:SigningKeys:{i}:Kid"] = keys[i].Kid;
            settings[$"Jwt:SigningKeys:{i}:Key"] = keys[i].Key;
            settings[$"Jwt:SigningKeys:{i}:Active"] = keys[i].Active ? "true" : "false";
        }

        var api = new ShopApiFactory(Tier, settings);
        _ = api.Server;
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var api in new[] { Before, During, After })
        {
            if (api is not null)
            {
                await api.DisposeAsync();
            }
        }

        await Tier.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public abstract class KeyRotationTests(KeyRotationFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATokenSignedByAKeyStillListed_IsAccepted_AndOneWhoseKeyWasRotatedOut_IsRefused()
    {
        Assert.SkipWhen(fixture.Tier.SkipReason is not null, fixture.Tier.SkipReason ?? "");
        var email = $"rotation-{Guid.NewGuid():N}@shop.test";
        const string password = "correct horse battery staple";
        var register = await fixture.Before.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { email, password, full_name = "Rita" }, Ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var first = await LoginAsync(fixture.Before, email, password);
        Assert.Equal("k1", Tokens.KeyIdOf(first.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(fixture.Before, first.AccessToken));

        // k2 signs now, k1 still validates: nobody is logged out by the rotation.
        Assert.Equal(HttpStatusCode.OK, await MeAsync(fixture.During, first.AccessToken));
        var second = await LoginAsync(fixture.During, email, password);
        Assert.Equal("k2", Tokens.KeyIdOf(second.AccessToken));

        // k1 rotated out: its tokens are refused, k2's are not.
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(fixture.After, first.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(fixture.After, second.AccessToken));

        // Refresh tokens are opaque, not signed: the session goes on with an access token signed by k2.
        var refreshed = await fixture.After.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = first.RefreshToken }, Ct);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var tokens = (await refreshed.Content.ReadFromJsonAsync<TokenDto>(ApiTestBase.Json, Ct))!;
        Assert.Equal("k2", Tokens.KeyIdOf(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(fixture.After, tokens.AccessToken));
    }

    [Fact]
    public async Task ATokenNamingAListedKidButSignedWithAnotherKey_IsRefused()
    {
        Assert.SkipWhen(fixture.Tier.SkipReason is not null, fixture.Tier.SkipReason ?? "");
        var forged = Tokens.Sign("an-attackers-key-0123456789-abcdefghijklmnopqrstuv", Guid.NewGuid(), Guid.NewGuid(),
            fixture.During.Time.GetUtcNow(), kid: "k1");
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(fixture.During, forged));
    }

    private static async Task<TokenDto> LoginAsync(ShopApiFactory api, string email, string password)
    {
        var response = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenDto>(ApiTestBase.Json, Ct))!;
    }

    [Fact]
    public async Task AGraceRepeat_OnAnInstanceWithAnotherActiveKey_GetsTheSameSuccessor_AndKeepsTheSession()
    {
        Assert.SkipWhen(fixture.Tier.SkipReason is not null, fixture.Tier.SkipReason ?? "");
        var email = $"rotation-{Guid.NewGuid():N}@shop.test";
        const string password = "correct horse battery staple";
        var register = await fixture.Before.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { email, password, full_name = "Rolf" }, Ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var tokens = await LoginAsync(fixture.Before, email, password);

        // The two hosts' test clocks started apart (one host started after the other): align them, as NTP would.
        var apart = fixture.During.Time.GetUtcNow() - fixture.Before.Time.GetUtcNow();
        (apart > TimeSpan.Zero ? fixture.Before : fixture.During).Time.Advance(apart.Duration());

        // Two tabs refresh at once during a rolling key change: one lands on k1's instance, one on k2's.
        var first = await fixture.Before.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken }, ApiTestBase.Json, Ct);
        var repeat = await fixture.During.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken }, ApiTestBase.Json, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var successor = (await first.Content.ReadFromJsonAsync<TokenDto>(ApiTestBase.Json, Ct))!.RefreshToken;
        Assert.Equal(successor, (await repeat.Content.ReadFromJsonAsync<TokenDto>(ApiTestBase.Json, Ct))!.RefreshToken);
        var next = await fixture.During.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = successor }, ApiTestBase.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode); // the session was not killed as a reuse
    }

    private static async Task<HttpStatusCode> MeAsync(ShopApiFactory api, string accessToken)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await client.GetAsync("/api/v1/auth/me", Ct)).StatusCode;
    }
}

public sealed class KeyRotationSqlite : KeyRotationFixture
{
    protected override DatabaseTier CreateTier() => new SqliteTier();
}

public sealed class KeyRotationPostgres : KeyRotationFixture
{
    protected override DatabaseTier CreateTier() => new PostgresTier();
}

[Trait("tier", "sqlite")]
public sealed class KeyRotationTestsOnSqlite(KeyRotationSqlite fixture) : KeyRotationTests(fixture), IClassFixture<KeyRotationSqlite>;

[Trait("tier", "postgres")]
public sealed class KeyRotationTestsOnPostgres(KeyRotationPostgres fixture) : KeyRotationTests(fixture), IClassFixture<KeyRotationPostgres>;
