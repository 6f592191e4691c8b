using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Browser;

/// <summary>
/// The refresh token of a browser client lives in the <c>shop_refresh</c> cookie (<c>?use_cookie=true</c>), never in
/// a body a script can read; cookie-mode refresh and logout refuse what a cross-site page could send. The requests
/// here are what a browser, or an attacker's page, would send: the cookie in a <c>Cookie</c> header, an <c>Origin</c>.
/// </summary>
public abstract class RefreshCookieTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private const string OwnOrigin = "https://localhost";
    private const string Evil = "https://evil.example";

    [Fact]
    public async Task LoginInCookieMode_SetsAStrictHttpOnlySecureCookieForTheAuthRoutes_AndNoRefreshTokenInTheBody()
    {
        var user = await NewCustomerAsync();

        var login = await SendAsync(HttpMethod.Post, "/api/v1/auth/login?use_cookie=true", body: new { email = user.Email, password = user.Password });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("no-store", login.Headers.CacheControl?.ToString());
        var body = await login.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("refresh_token\"", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(7 * 24 * 3600, json.RootElement.GetProperty("refresh_token_expires_in").GetInt32(), tolerance: 2);

        var cookie = RefreshCookieOf(login);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/api/v1/auth", cookie.Path.ToString());
        Assert.True(cookie.Value.Length >= 43, "at least 256 bits");
        Assert.DoesNotContain(cookie.Value.ToString(), body, StringComparison.Ordinal);
        var sessionEnd = Api.Time.GetUtcNow().AddDays(7);
        Assert.InRange(cookie.Expires!.Value, sessionEnd.AddSeconds(-5), sessionEnd.AddSeconds(1));

        var access = json.RootElement.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Bearer(access).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task RefreshThroughTheCookie_RotatesIt_KeepsTheSessionsEnd_AndNeverPutsTheTokenInTheBody()
    {
        var (_, first) = await CookieLoginAsync();

        // No body at all, from the shop's own page.
        var refreshed = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: first.Value.ToString());
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var body = await refreshed.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("refresh_token\"", body, StringComparison.Ordinal);
        var second = RefreshCookieOf(refreshed);
        Assert.NotEqual(first.Value, second.Value);
        Assert.Equal(first.Expires, second.Expires); // refreshing never stretches the session
        Assert.Equal(HttpStatusCode.OK, (await Bearer(AccessTokenOf(body)).GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        // An empty JSON object, from a script without an Origin header but with X-Requested-With.
        var again = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: second.Value.ToString(),
            origin: null, requestedWith: true, json: "{}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotEqual(second.Value, RefreshCookieOf(again).Value);
    }

    [Fact]
    public async Task TwoTabsRefreshingWithOneCookieWithinGrace_GetTheSameSuccessor()
    {
        var (_, first) = await CookieLoginAsync();

        var one = RefreshCookieOf(await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: first.Value.ToString()));
        var two = RefreshCookieOf(await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: first.Value.ToString()));

        Assert.Equal(one.Value, two.Value);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: two.Value.ToString())).StatusCode);
    }

    [Fact]
    public async Task AnOldCookieValueReplayedAfterTheGraceWindow_EndsTheSession_AndTheCookieIsCleared()
    {
        var (_, first) = await CookieLoginAsync();
        var rotated = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: first.Value.ToString());
        var second = RefreshCookieOf(rotated);
        var access = AccessTokenOf(await rotated.Content.ReadAsStringAsync(Ct));

        Api.Time.Advance(TimeSpan.FromSeconds(11));
        var replay = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: first.Value.ToString());

        await ProblemAsync(replay, 401);
        AssertCleared(replay);
        // The copied token's whole session is gone: the newest cookie and the access token too.
        var newest = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: second.Value.ToString());
        await ProblemAsync(newest, 401);
        AssertCleared(newest);
        await ProblemAsync(await Bearer(access).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task ACookieRefreshWithoutACookie_OrWithAnUnknownOne_Is401_AndClearsIt()
    {
        var none = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true");
        await ProblemAsync(none, 401);
        AssertCleared(none);

        var unknown = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: "not-a-token-we-ever-issued");
        await ProblemAsync(unknown, 401);
        AssertCleared(unknown);
    }

    [Theory]
    [InlineData(Evil)]
    [InlineData("null")] // a sandboxed frame or a data: page
    [InlineData("http://localhost")] // the API's host on another scheme is another origin
    [InlineData("https://shop.example.evil.example")]
    public async Task ACrossSiteCookieRefresh_Is403_AndTheCookieStillWorksAfterwards(string origin)
    {
        var (_, cookie) = await CookieLoginAsync();

        var attack = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: cookie.Value.ToString(), origin: origin);

        await ProblemAsync(attack, 403);
        Assert.False(attack.Headers.Contains(HeaderNames.SetCookie));
        // Nothing was rotated: after the grace window a consumed token would end the session; this one refreshes.
        Api.Time.Advance(TimeSpan.FromSeconds(11));
        var own = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: cookie.Value.ToString());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task ACookieRefreshWithoutOriginAndWithoutXRequestedWith_Is403_EvenWithoutUseCookie()
    {
        var (_, cookie) = await CookieLoginAsync();

        var bare = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: cookie.Value.ToString(), origin: null);
        await ProblemAsync(bare, 403);

        // A body-mode request that carries the cookie is judged the same way: the browser attached it.
        var carried = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh", cookie: cookie.Value.ToString(), origin: Evil,
            json: JsonSerializer.Serialize(new { refresh_token = cookie.Value.ToString() }));
        await ProblemAsync(carried, 403);

        Api.Time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(HttpStatusCode.OK,
            (await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: cookie.Value.ToString(), origin: null, requestedWith: true)).StatusCode);
    }

    [Fact]
    public async Task AnAllowedCorsOrigin_RefreshesThroughTheCookie_WithCredentialsAllowed()
    {
        var (_, cookie) = await CookieLoginAsync();

        var refreshed = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: cookie.Value.ToString(),
            origin: BrowserAnswerTests.Origin);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(BrowserAnswerTests.Origin, Assert.Single(refreshed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(refreshed.Headers.GetValues("Access-Control-Allow-Credentials")));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/refresh?use_cookie=true");
        preflight.Headers.Add("Origin", BrowserAnswerTests.Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-requested-with");
        var answer = await Client().SendAsync(preflight, Ct);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        var allowed = answer.Headers.GetValues("Access-Control-Allow-Headers").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries));
        Assert.Contains("x-requested-with", allowed, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ACrossSiteLogout_Is403_AndTheSessionGoesOn()
    {
        var (access, cookie) = await CookieLoginAsync();

        await ProblemAsync(await SendAsync(HttpMethod.Post, "/api/v1/auth/logout", cookie: cookie.Value.ToString(), origin: Evil, bearer: access), 403);
        await ProblemAsync(await SendAsync(HttpMethod.Post, "/api/v1/auth/logout?use_cookie=true", origin: null, bearer: access), 403);

        Assert.Equal(HttpStatusCode.OK, (await Bearer(access).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: cookie.Value.ToString())).StatusCode);
    }

    [Fact]
    public async Task Logout_ClearsTheCookie_AndEndsTheSession()
    {
        var (access, cookie) = await CookieLoginAsync();

        var logout = await SendAsync(HttpMethod.Post, "/api/v1/auth/logout", cookie: cookie.Value.ToString(), bearer: access);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        AssertCleared(logout);
        await ProblemAsync(await Bearer(access).GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh?use_cookie=true", cookie: cookie.Value.ToString()), 401);
    }

    [Fact]
    public async Task TheBodyModeIsUnchanged_ForClientsWithoutCookies()
    {
        var user = await NewCustomerAsync();

        // No Origin, no X-Requested-With, no cookie: a server-side or mobile client.
        var refreshed = await SendAsync(HttpMethod.Post, "/api/v1/auth/refresh", origin: null,
            json: JsonSerializer.Serialize(new { refresh_token = user.Tokens.RefreshToken }));

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.False(refreshed.Headers.Contains(HeaderNames.SetCookie));
        var tokens = (await refreshed.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
        Assert.NotEqual(user.Tokens.RefreshToken, tokens.RefreshToken);
        var login = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password }, Ct);
        Assert.False(login.Headers.Contains(HeaderNames.SetCookie));
        Assert.False(string.IsNullOrEmpty((await login.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!.RefreshToken));
    }

    private HttpClient Client() => Api.CreateDefaultClient(new Uri(OwnOrigin + "/"), new OpenApiConformanceHandler());

    private async Task<(string Access, SetCookieHeaderValue Cookie)> CookieLoginAsync()
    {
        var user = await NewCustomerAsync();
        var login = await SendAsync(HttpMethod.Post, "/api/v1/auth/login?use_cookie=true", body: new { email = user.Email, password = user.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (AccessTokenOf(await login.Content.ReadAsStringAsync(Ct)), RefreshCookieOf(login));
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie = null, string? origin = OwnOrigin,
        object? body = null, string? json = null, string? bearer = null, bool requestedWith = false)
    {
        var request = new HttpRequestMessage(method, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"shop_refresh={cookie}");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (requestedWith)
        {
            request.Headers.Add("X-Requested-With", "fetch");
        }

        json ??= body is null ? null : JsonSerializer.Serialize(body);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return Client().SendAsync(request, Ct);
    }

    private static SetCookieHeaderValue RefreshCookieOf(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(HeaderNames.SetCookie, out var values), $"no Set-Cookie on a {(int)response.StatusCode}");
        var cookie = Assert.Single(SetCookieHeaderValue.ParseList(values.ToList()), c => c.Name == "shop_refresh");
        Assert.False(string.IsNullOrEmpty(cookie.Value.ToString()));
        return cookie;
    }

    private static void AssertCleared(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(HeaderNames.SetCookie, out var values), $"no Set-Cookie on a {(int)response.StatusCode}");
        var cookie = Assert.Single(SetCookieHeaderValue.ParseList(values.ToList()), c => c.Name == "shop_refresh");
        Assert.Equal("", cookie.Value.ToString());
        Assert.True(cookie.Expires < DateTimeOffset.UtcNow, "the clearing cookie is already expired");
        Assert.Equal("/api/v1/auth", cookie.Path.ToString());
    }

    private static string AccessTokenOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }
}

[Trait("tier", "sqlite")]
public sealed class RefreshCookieTestsOnSqlite(CorsSqliteApi fixture) : RefreshCookieTests(fixture), IClassFixture<CorsSqliteApi>;

[Trait("tier", "postgres")]
public sealed class RefreshCookieTestsOnPostgres(CorsPostgresApi fixture) : RefreshCookieTests(fixture), IClassFixture<CorsPostgresApi>;
