using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Browser;

/// <summary>
/// What a browser on an allowed origin can read: every answer, the early ones included (413 from the body
/// limit, 415, 401 from authentication), carries the CORS headers; problems look the same whatever the
/// request's <c>Accept</c> header.
/// </summary>
public abstract class BrowserAnswerTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    public const string Origin = "https://shop.example";

    public static IReadOnlyDictionary<string, string?> CorsSettings { get; } =
        new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Origin };

    [Fact]
    public async Task A413FromTheBodyLimit_CarriesTheCorsHeaders()
    {
        var body = $$"""{"email":"a@shop.test","password":"{{new string('x', 20 * 1024)}}"}""";
        var response = await FromBrowser(Anonymous(), HttpMethod.Post, "/api/v1/auth/login", body);

        await ProblemAsync(response, 413);
        AssertReadableBy(Origin, response);
    }

    [Fact]
    public async Task A401FromAuthentication_CarriesTheCorsHeaders_AndExposesWwwAuthenticate()
    {
        var response = await FromBrowser(Anonymous(), HttpMethod.Get, "/api/v1/cart");

        await ProblemAsync(response, 401);
        AssertReadableBy(Origin, response);
        Assert.Contains("WWW-Authenticate", ExposedHeaders(response), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A415AndA400_CarryTheCorsHeaders()
    {
        var customer = await NewCustomerAsync();
        var product = Guid.NewGuid(); // the body is refused before the product is looked up

        var wrongType = await FromBrowser(customer.Client, HttpMethod.Put, $"/api/v1/cart/items/{product}", "quantity=2", "text/plain");
        await ProblemAsync(wrongType, 415);
        AssertReadableBy(Origin, wrongType);

        var invalid = await FromBrowser(customer.Client, HttpMethod.Put, $"/api/v1/cart/items/{product}", """{"quantity":0}""");
        var problem = await ProblemAsync(invalid, 400);
        Assert.Contains("quantity", problem.Errors!.Keys);
        AssertReadableBy(Origin, invalid);
    }

    [Fact]
    public async Task AnOriginNotAllowed_GetsNoCorsHeaders()
    {
        var response = await FromBrowser(Anonymous(), HttpMethod.Get, "/api/v1/cart", origin: "https://evil.example");

        await ProblemAsync(response, 401);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("*/*")]
    public async Task AProblem_IsProblemJsonWithErrorsAndTraceId_WhateverTheAcceptHeader(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/register")
        {
            Content = new StringContent("""{"email":"not an email","password":"x","full_name":""}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd(accept);
        var response = await Anonymous().SendAsync(request, Ct);

        var problem = await ProblemAsync(response, 400);
        Assert.Equal("One or more validation errors occurred.", problem.Title);
        Assert.Contains("email", problem.Errors!.Keys);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("https://", json.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("trace_id").GetString()));
        Assert.False(json.RootElement.TryGetProperty("traceId", out _));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    public async Task A404_IsProblemJsonWithItsDetail_WhateverTheAcceptHeader(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/products/{Guid.NewGuid()}");
        request.Headers.Accept.ParseAdd(accept);
        var response = await Anonymous().SendAsync(request, Ct);

        var problem = await ProblemAsync(response, 404);
        Assert.Equal("Not found", problem.Title);
        Assert.False(string.IsNullOrEmpty(problem.Detail));
    }

    protected static Task<HttpResponseMessage> FromBrowser(
        HttpClient client, HttpMethod method, string path, string? body = null, string contentType = "application/json", string origin = Origin)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return client.SendAsync(request, Ct);
    }

    protected static void AssertReadableBy(string origin, HttpResponseMessage response) =>
        Assert.Equal(origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));

    protected static IEnumerable<string> ExposedHeaders(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Expose-Headers", out var values)
            ? values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries))
            : [];
}

/// <summary>Preflights against the per-IP limit, with a fixture of its own whose limit is low.</summary>
public abstract class BrowserPreflightTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    public const int Limit = 5;

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Cors:AllowedOrigins:0"] = BrowserAnswerTests.Origin,
        ["RateLimit:AuthPerIpPerMinute"] = Limit.ToString(CultureInfo.InvariantCulture),
    };

    // One test only: every request of the fixture comes from the same test-server "IP", in one window.
    [Fact]
    public async Task Preflights_AreNotCounted_AreCachedTenMinutes_AndThe429IsReadableWithRetryAfter()
    {
        for (var i = 0; i < Limit * 3; i++)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/login");
            preflight.Headers.Add("Origin", BrowserAnswerTests.Origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            var answer = await Anonymous().SendAsync(preflight, Ct);

            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            Assert.Equal(BrowserAnswerTests.Origin, Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
            var maxAge = int.Parse(Assert.Single(answer.Headers.GetValues("Access-Control-Max-Age")), CultureInfo.InvariantCulture);
            Assert.True(maxAge >= 600, $"Access-Control-Max-Age is {maxAge}");
        }

        // The preflights took nothing from the limit: every one of the Limit requests is served.
        for (var i = 0; i < Limit; i++)
        {
            var login = await LoginFromBrowserAsync("""{"email":"nobody@shop.test","password":"wrong password"}""");
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        }

        var refused = await LoginFromBrowserAsync("""{"email":"nobody@shop.test","password":"wrong password"}""");
        await ProblemAsync(refused, 429);
        Assert.Equal(BrowserAnswerTests.Origin, Assert.Single(refused.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = refused.Headers.GetValues("Access-Control-Expose-Headers").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries));
        Assert.Contains("Retry-After", exposed, StringComparer.OrdinalIgnoreCase);
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture), 1, 60);
    }

    private Task<HttpResponseMessage> LoginFromBrowserAsync(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", BrowserAnswerTests.Origin);
        return Anonymous().SendAsync(request, Ct);
    }
}

public sealed class CorsSettings : IApiSettings
{
    public static IReadOnlyDictionary<string, string?> Values => BrowserAnswerTests.CorsSettings;
}

public sealed class PreflightSettings : IApiSettings
{
    public static IReadOnlyDictionary<string, string?> Values => BrowserPreflightTests.Settings;
}

public sealed class CorsSqliteApi : ApiFixture<SqliteTier, CorsSettings>;

public sealed class CorsPostgresApi : ApiFixture<PostgresTier, CorsSettings>;

public sealed class PreflightSqliteApi : ApiFixture<SqliteTier, PreflightSettings>;

public sealed class PreflightPostgresApi : ApiFixture<PostgresTier, PreflightSettings>;

[Trait("tier", "sqlite")]
public sealed class BrowserAnswerTestsOnSqlite(CorsSqliteApi fixture) : BrowserAnswerTests(fixture), IClassFixture<CorsSqliteApi>;

[Trait("tier", "postgres")]
public sealed class BrowserAnswerTestsOnPostgres(CorsPostgresApi fixture) : BrowserAnswerTests(fixture), IClassFixture<CorsPostgresApi>;

[Trait("tier", "sqlite")]
public sealed class BrowserPreflightTestsOnSqlite(PreflightSqliteApi fixture) : BrowserPreflightTests(fixture), IClassFixture<PreflightSqliteApi>;

[Trait("tier", "postgres")]
public sealed class BrowserPreflightTestsOnPostgres(PreflightPostgresApi fixture) : BrowserPreflightTests(fixture), IClassFixture<PreflightPostgresApi>;
