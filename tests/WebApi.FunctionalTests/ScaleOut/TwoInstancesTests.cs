using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shop.Application.Common.Interfaces;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.ScaleOut;

/// <summary>Shared steps of the two-instance tests: a user logged in through one instance, measured refusals.</summary>
public abstract class TwoInstancesTestBase(TwoInstancesFixture fixture)
{
    protected TwoInstancesFixture Fixture
    {
        get
        {
            Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
            return fixture;
        }
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }

    protected static HttpClient Bearer(WebApplicationFactory<Program> instance, string accessToken)
    {
        var client = instance.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Registers and logs in through <paramref name="instance"/>; returns the access token and its session and user.</summary>
    protected static async Task<(string Token, Guid SessionId, Guid UserId)> LoginAsync(WebApplicationFactory<Program> instance)
    {
        var email = $"scale-{Guid.NewGuid():N}@shop.test";
        const string password = "correct horse battery staple";
        using var anonymous = instance.CreateClient();
        var register = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email, password, full_name = "Scale Out" }, Ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<TokenDto>(ApiTestBase.Json, Ct))!.AccessToken;
        using var payload = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[1]));
        return (token,
            Guid.Parse(payload.RootElement.GetProperty("sid").GetString()!),
            Guid.Parse(payload.RootElement.GetProperty("sub").GetString()!));
    }

    /// <summary>
    /// Logs the session out through <paramref name="revoker"/> and asks <paramref name="other"/> with the same
    /// token until it refuses it. Returns the round trip of the logout, how long after its 204 the other
    /// instance refused over HTTP, how many requests that took, and how long after the 204 the other
    /// instance's revocation cache held the session (the propagation itself, without HTTP).
    /// </summary>
    protected static async Task<Propagation> LogoutAndMeasureAsync(
        WebApplicationFactory<Program> revoker, WebApplicationFactory<Program> other, string token, Guid sessionId, Guid userId, TimeSpan limit)
    {
        using var atOther = Bearer(other, token);
        Assert.Equal(HttpStatusCode.OK, (await atOther.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        var check = other.Services.GetRequiredService<IAccessTokenRevocationCheck>();
        Assert.False(check.IsRevoked(sessionId, userId));

        // The other instance's cache, watched from before the logout is sent, as fast as one thread can.
        using var atRevoker = Bearer(revoker, token);
        var clock = Stopwatch.StartNew();
        var knownAt = TimeSpan.MaxValue;
        using var stopWatching = new CancellationTokenSource(limit + TimeSpan.FromSeconds(5));
        var cacheWatch = Task.Factory.StartNew(() =>
        {
            while (!check.IsRevoked(sessionId, userId) && !stopWatching.IsCancellationRequested)
            {
                Thread.SpinWait(50);
            }

            knownAt = clock.Elapsed;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var logout = await atRevoker.PostAsync("/api/v1/auth/logout", null, Ct);
        var logoutDone = clock.Elapsed;
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        var attempts = 0;
        HttpStatusCode status;
        do
        {
            attempts++;
            status = (await atOther.GetAsync("/api/v1/auth/me", Ct)).StatusCode;
        }
        while (status != HttpStatusCode.Unauthorized && clock.Elapsed - logoutDone < limit);

        var refused = clock.Elapsed - logoutDone;
        await cacheWatch;
        var known = knownAt - logoutDone; // negative: it had arrived before the 204 reached the client
        Assert.True(status == HttpStatusCode.Unauthorized,
            $"The other instance still accepted the revoked token {refused.TotalMilliseconds:F0} ms after the logout (limit {limit.TotalMilliseconds:F0} ms).");
        return new Propagation(logoutDone, refused, attempts, known);
    }

    protected static string Describe(string what, IReadOnlyList<Propagation> samples)
    {
        static double Ms(TimeSpan t) => Math.Max(0, t.TotalMilliseconds);
        var cache = samples.Select(s => s.CacheKnewAfterLogout.TotalMilliseconds).Order().ToList();
        var http = samples.Select(s => Ms(s.RefusedAfterLogout)).Order().ToList();
        var logout = samples.Select(s => s.LogoutRoundTrip.TotalMilliseconds).Order().ToList();
        return $"{what}: {samples.Count} logouts. Other instance's cache had the revocation {cache[cache.Count / 2]:F2} ms (median), " +
               $"{cache[^1]:F2} ms (max) after the logout's 204 (negative: before it); refused over HTTP {http[http.Count / 2]:F2} ms (median), {http[^1]:F2} ms (max) " +
               $"after it, on request #{samples.Max(s => s.Attempts)} at worst; logout round trip {logout[logout.Count / 2]:F1} ms (median).";
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    protected sealed record Propagation(TimeSpan LogoutRoundTrip, TimeSpan RefusedAfterLogout, int Attempts, TimeSpan CacheKnewAfterLogout);
}

/// <summary>With Redis: a logout through one instance is refused by the other at once, not after a poll.</summary>
public sealed class TwoInstancesWithRedisTests(TwoInstancesWithRedis fixture)
    : TwoInstancesTestBase(fixture), IClassFixture<TwoInstancesWithRedis>
{
    [Fact]
    public async Task Logout_ThroughB_IsRefusedByA_Immediately()
    {
        var (a, b) = (Fixture.A, Fixture.B);
        var receivedBefore = TwoInstancesFixture.Subscriber(a).Received;
        var samples = new List<Propagation>();
        for (var i = 0; i < 20; i++)
        {
            var (token, sid, uid) = await LoginAsync(a);

            // The poll interval is 30 s; that the message came through Redis is asserted below.
            samples.Add(await LogoutAndMeasureAsync(b, a, token, sid, uid, RefusalLimit));
        }

        Assert.True(TwoInstancesFixture.Subscriber(a).Received >= receivedBefore + samples.Count);
        Report(Describe($"Redis pub/sub, B→A, {Fixture.Tier.Provider}", samples));
    }

    [Fact]
    public async Task LogoutAll_ThroughA_IsRefusedByB_Immediately()
    {
        var (a, b) = (Fixture.A, Fixture.B);
        var (token, sid, uid) = await LoginAsync(b);
        var receivedBefore = TwoInstancesFixture.Subscriber(b).Received;

        using var atA = Bearer(a, token);
        Assert.Equal(HttpStatusCode.NoContent, (await atA.PostAsync("/api/v1/auth/logout-all", null, Ct)).StatusCode);

        using var atB = Bearer(b, token);
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await atB.GetAsync("/api/v1/auth/me", Ct)).StatusCode;
        }
        while (status != HttpStatusCode.Unauthorized && clock.Elapsed < RefusalLimit);

        Assert.True(status == HttpStatusCode.Unauthorized,
            $"B still accepted the token {clock.Elapsed.TotalMilliseconds:F0} ms after the logout-all on A; B received {TwoInstancesFixture.Subscriber(b).Received - receivedBefore} revocations through Redis meanwhile.");
        Assert.True(b.Services.GetRequiredService<IAccessTokenRevocationCheck>().IsRevoked(sid, uid));
        Assert.True(TwoInstancesFixture.Subscriber(b).Received > receivedBefore); // through Redis, not the 30 s poll
    }

    [Fact]
    public async Task ProductPublishedThroughA_CountsInBsCatalogue_RightAway()
    {
        var (a, b) = (Fixture.A, Fixture.B);
        using var admin = await AdminAsync(a);
        var announced = TwoInstancesFixture.CatalogChanges(b).Received;
        var created = await admin.PostAsJsonAsync("/api/v1/admin/categories", new { name = $"Scale {Guid.NewGuid():N}" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var category = (await created.Content.ReadFromJsonAsync<Shopping.CategoryDto>(ApiTestBase.Json, Ct))!;
        await UntilAsync(() => TwoInstancesFixture.CatalogChanges(b).Received > announced);

        using var atB = b.CreateClient();
        async Task<int> TotalAtB() =>
            (await atB.GetFromJsonAsync<Shopping.PageDto<Shopping.ProductDto>>($"/api/v1/products?category={category.Slug}", ApiTestBase.Json, Ct))!.Total;
        Assert.Equal(0, await TotalAtB()); // B now holds this listing's total, for 30 s of its clock

        announced = TwoInstancesFixture.CatalogChanges(b).Received;
        var product = await admin.PostAsJsonAsync("/api/v1/admin/products", new
        {
            name = "Lamp",
            description = "Brass",
            price = 12.50m,
            stock = 3,
            category_id = category.Id,
            publish = true,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, product.StatusCode);

        // A few readings of the shared clock pass meanwhile, nowhere near 30 s: only A's announcement
        // through Redis can make B count the new product.
        var total = 0;
        await UntilAsync(async () => (total = await TotalAtB()) == 1);
        Assert.Equal(1, total);
        Assert.True(TwoInstancesFixture.CatalogChanges(b).Received > announced);
    }

    [Fact]
    public async Task ProductEditedThroughA_IsOnBsCachedPublicList_WithinASecond()
    {
        var (a, b) = (Fixture.A, Fixture.B);
        using var admin = await AdminAsync(a);
        var announcedBefore = TwoInstancesFixture.CatalogChanges(b).Received;
        var category = (await (await admin.PostAsJsonAsync("/api/v1/admin/categories", new { name = $"Cached {Guid.NewGuid():N}" }, Ct))
            .Content.ReadFromJsonAsync<Shopping.CategoryDto>(ApiTestBase.Json, Ct))!;
        var created = await admin.PostAsJsonAsync("/api/v1/admin/products", new
        {
            name = "Kettle",
            description = "Copper",
            price = 30m,
            stock = 4,
            category_id = category.Id,
            publish = true,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = (await created.Content.ReadFromJsonAsync<Shopping.AdminProductDto>(ApiTestBase.Json, Ct))!;

        // The category's and the product's announcements reach B through Redis a moment after A's answers, and each
        // evicts B's pages: a list B stored before they arrived is gone again. Read only once both have come.
        await UntilAsync(() => TwoInstancesFixture.CatalogChanges(b).Received >= announcedBefore + 2);
        Assert.True(TwoInstancesFixture.CatalogChanges(b).Received >= announcedBefore + 2, "B did not hear of the new category and product through Redis");

        // B holds the list in its output cache (answers live 5 s there): the second read is a cached one.
        using var atB = b.CreateClient();
        var list = $"/api/v1/products?category={category.Slug}";
        async Task<(string Name, bool Cached)> ReadAtB()
        {
            var response = await atB.GetAsync(list, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadFromJsonAsync<Shopping.PageDto<Shopping.ProductDto>>(ApiTestBase.Json, Ct))!;
            return (Assert.Single(page.Items).Name, response.Headers.Age is not null);
        }

        await UntilAsync(async () => (await ReadAtB()).Name == "Kettle");
        Assert.Equal(("Kettle", true), await ReadAtB());

        var announced = TwoInstancesFixture.CatalogChanges(b).Received;
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/products/{product.Id}")
        {
            Content = JsonContent.Create(new { name = "Tea kettle", description = "Copper", price = 30m, category_id = category.Id }),
        };
        put.Headers.IfMatch.Add(created.Headers.ETag!);
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(put, Ct)).StatusCode);
        var edited = clock.Elapsed;

        var name = "";
        while ((name = (await ReadAtB()).Name) != "Tea kettle" && clock.Elapsed < RefusalLimit)
        {
            await Task.Delay(5, Ct);
        }

        var seen = clock.Elapsed;
        Report($"product edit through A ({edited.TotalMilliseconds:F0} ms round trip) on B's cached list after {seen.TotalMilliseconds:F0} ms, {Fixture.Tier.Provider}");
        Assert.Equal("Tea kettle", name);
        Assert.True(seen < TimeSpan.FromSeconds(1), $"B showed the edit {seen.TotalMilliseconds:F0} ms after it was sent to A");
        Assert.True(TwoInstancesFixture.CatalogChanges(b).Received > announced); // through Redis, not the answer's 5 s lifetime
    }

    private static async Task<HttpClient> AdminAsync(WebApplicationFactory<Program> instance)
    {
        using var anonymous = instance.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = ShopApiFactory.AdminEmail, password = ShopApiFactory.AdminPassword }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return Bearer(instance, (await login.Content.ReadFromJsonAsync<TokenDto>(ApiTestBase.Json, Ct))!.AccessToken);
    }

    private static Task UntilAsync(Func<bool> condition) => UntilAsync(() => Task.FromResult(condition()));

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition() && clock.Elapsed < RefusalLimit)
        {
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>Well under the 30 s poll interval, with room for a loaded 2-core machine running every test at once.</summary>
    private static readonly TimeSpan RefusalLimit = TimeSpan.FromSeconds(3);
}

/// <summary>Redis lost and back: the instances keep serving, fall back to the database, then use Redis again.</summary>
public sealed class TwoInstancesLosingRedisTests(TwoInstancesLosingRedis fixture)
    : TwoInstancesTestBase(fixture), IClassFixture<TwoInstancesLosingRedis>
{
    [Fact]
    public async Task RedisStopped_RevocationArrivesWithinThePollInterval_AndRedisRestarted_ItIsInstantAgain()
    {
        var (a, b) = (Fixture.A, Fixture.B);
        var redis = Fixture.Redis!;
        var margin = TimeSpan.FromSeconds(2);

        // 1. Redis up: through Redis, well inside the 1 s poll interval.
        var (token, sid, uid) = await LoginAsync(a);
        var before = await LogoutAndMeasureAsync(b, a, token, sid, uid, Fixture.PollInterval + margin);
        Report(Describe("Redis up (poll 1 s)", [before]));

        // 2. Redis stopped: both instances stay ready (degraded), logout still answers 204 at once, and A
        //    learns of it from the database within the poll interval.
        await redis.StopAsync();
        var degradedA = await TwoInstancesFixture.WaitUntilReadyAsync(a, "degraded", TimeSpan.FromSeconds(10));
        await TwoInstancesFixture.WaitUntilReadyAsync(b, "degraded", TimeSpan.FromSeconds(10));
        Assert.Equal("healthy", degradedA.Checks["database"].Status);
        Assert.Equal("degraded", degradedA.Checks["redis"].Status);

        var receivedBefore = TwoInstancesFixture.Subscriber(a).Received;
        var down = new List<Propagation>();
        for (var i = 0; i < 3; i++)
        {
            (token, sid, uid) = await LoginAsync(a);
            down.Add(await LogoutAndMeasureAsync(b, a, token, sid, uid, Fixture.PollInterval + margin));
        }

        Assert.Equal(receivedBefore, TwoInstancesFixture.Subscriber(a).Received); // nothing came through Redis
        Assert.All(down, p => Assert.True(p.LogoutRoundTrip < TimeSpan.FromSeconds(2), $"logout took {p.LogoutRoundTrip}"));
        Assert.Contains("Could not publish revocations to Redis", Fixture.BLog.All, StringComparison.Ordinal);
        Report(Describe("Redis stopped, database polling every 1 s", down));

        // 3. Redis back on the same address: both reconnect and re-subscribe by themselves.
        var reconnect = Stopwatch.StartNew();
        await redis.StartAgainAsync();
        await TwoInstancesFixture.WaitUntilReadyAsync(a, "healthy", TimeSpan.FromSeconds(60));
        await TwoInstancesFixture.WaitUntilReadyAsync(b, "healthy", TimeSpan.FromSeconds(60));
        Report($"Both instances healthy again {reconnect.Elapsed.TotalSeconds:F1} s after Redis restarted.");

        receivedBefore = TwoInstancesFixture.Subscriber(a).Received;
        var after = new List<Propagation>();
        for (var i = 0; i < 5; i++)
        {
            (token, sid, uid) = await LoginAsync(a);
            after.Add(await LogoutAndMeasureAsync(b, a, token, sid, uid, Fixture.PollInterval + margin));
        }

        // Every one through Redis (at least once: a message applied twice changes nothing, and after a
        // reconnect under load the client may hand one over twice).
        Assert.True(TwoInstancesFixture.Subscriber(a).Received >= receivedBefore + after.Count);
        Report(Describe("Redis restarted", after));
    }
}
