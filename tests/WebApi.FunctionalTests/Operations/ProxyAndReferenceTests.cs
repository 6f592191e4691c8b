using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Operations;

/// <summary>Client addresses behind a proxy, and the API reference pages of Development.</summary>
public sealed class ProxyAndReferenceTests(ProxyApi fixture) : ApiTestBase(fixture), IClassFixture<ProxyApi>
{
    [Theory]
    [InlineData("127.0.0.1", "198.51.100.7", "198.51.100.7")]   // loopback proxy: trusted by default
    [InlineData("10.20.1.2", "198.51.100.9", "198.51.100.9")]   // a proxy in ForwardedHeaders:KnownNetworks
    [InlineData("203.0.113.50", "198.51.100.8", "203.0.113.50")] // anyone else: the header is ignored
    public async Task Login_BehindAProxy_RecordsTheClientAddress_OnlyFromTrustedProxies(string peer, string forwardedFor, string recorded)
    {
        var user = await NewCustomerAsync();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { email = user.Email, password = user.Password }, Json);
        var context = await Api.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/v1/auth/login";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(body);
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            c.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        }, Ct);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var tokens = (await JsonSerializer.DeserializeAsync<TokenDto>(context.Response.Body, Json, Ct))!;

        var sessions = (await Bearer(tokens.AccessToken).GetFromJsonAsync<Security.PageDto<SessionDto>>("/api/v1/auth/sessions", Json, Ct))!.Items;
        Assert.Equal(recorded, Assert.Single(sessions!, s => s.Current).Ip);
    }

    [Fact]
    public async Task TheOpenApiDocument_IsServedEverywhere_AndTheReferencePageInDevelopment()
    {
        await using var development = Api.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        var client = development.CreateClient();

        var document = await client.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        using var json = JsonDocument.Parse(await document.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("3.", json.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(json.RootElement.GetProperty("paths").TryGetProperty("/api/v1/auth/login", out _));

        var page = await client.GetAsync("/scalar/v1", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Scalar API Reference", html, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal); // the page loads the document above

        // Outside Development the document is served, the reference page is not.
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/openapi/v1.json", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync("/scalar/v1", Ct)).StatusCode);
    }

    public sealed record SessionDto(Guid Id, string? Ip, bool Current);
}

public sealed class ProxySettings : IApiSettings
{
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["ForwardedHeaders:KnownNetworks:0"] = "10.20.0.0/16",
    };
}

public sealed class ProxyApi : ApiFixture<SqliteTier, ProxySettings>;
