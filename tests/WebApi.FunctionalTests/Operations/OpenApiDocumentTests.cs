using System.Net;
using System.Text.Json.Nodes;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Operations;

/// <summary>
/// <c>/openapi/v1.json</c> is served in every environment and is the committed <c>docs/openapi/v1.json</c>, from which
/// the generated client and the conformance checks are made. After changing the API, regenerate it with
/// <c>scripts/openapi.sh</c> (this test with <c>SHOP_WRITE_OPENAPI=1</c>) and commit the result.
/// </summary>
public sealed class OpenApiDocumentTests(ProxyApi fixture) : ApiTestBase(fixture), IClassFixture<ProxyApi>
{
    [Fact]
    public async Task TheServedDocument_IsTheCommittedOne_OutsideDevelopmentToo()
    {
        var response = await Api.CreateClient().GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        var path = OpenApiConformance.DocumentPath;

        if (Environment.GetEnvironmentVariable("SHOP_WRITE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n", Ct);
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path, Ct))!;
        Assert.True(JsonNode.DeepEquals(served, committed),
            "The served OpenAPI document differs from docs/openapi/v1.json: run scripts/openapi.sh and commit the result.");
    }

    [Fact]
    public async Task TheDocument_SpeaksTheWiresNames_EnumsAndMediaTypes()
    {
        var document = JsonNode.Parse(await Api.CreateClient().GetStringAsync("/openapi/v1.json", Ct))!;
        var schemas = document["components"]!["schemas"]!;

        Assert.NotNull(schemas["TokenResponse"]!["properties"]!["access_token"]);
        Assert.Null(schemas["TokenResponse"]!["properties"]!["accessToken"]);
        Assert.DoesNotContain("refresh_token", schemas["TokenResponse"]!["required"]!.AsArray().Select(v => v!.GetValue<string>())); // cookie mode
        Assert.Equal(["pending", "paid", "shipped", "delivered", "cancelled"], schemas["OrderStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("number", schemas["ProductResponse"]!["properties"]!["price"]!["type"]!.GetValue<string>());
        Assert.DoesNotContain("slug", schemas["CategoryRequest"]!["required"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());

        var me = document["paths"]!["/api/v1/auth/me"]!["get"]!;
        Assert.NotNull(me["security"]);
        Assert.NotNull(me["responses"]!["401"]!["content"]!["application/problem+json"]);
        Assert.NotNull(document["paths"]!["/api/v1/auth/login"]!["post"]!["responses"]!["429"]!["headers"]!["Retry-After"]);

        // Cookie mode of the browser clients: the switch, the cookie read and set, the CSRF refusal.
        var refresh = document["paths"]!["/api/v1/auth/refresh"]!["post"]!;
        var parameters = refresh["parameters"]!.AsArray().Select(p => (p!["in"]!.GetValue<string>(), p["name"]!.GetValue<string>())).ToList();
        Assert.Contains(("query", "use_cookie"), parameters);
        Assert.Contains(("cookie", "shop_refresh"), parameters);
        Assert.Contains(("header", "X-Requested-With"), parameters);
        Assert.NotNull(refresh["responses"]!["200"]!["headers"]!["Set-Cookie"]);
        Assert.NotNull(refresh["responses"]!["403"]!["content"]!["application/problem+json"]);
        Assert.NotNull(document["paths"]!["/api/v1/auth/logout"]!["post"]!["responses"]!["403"]);
        Assert.NotNull(document["paths"]!["/api/v1/auth/login"]!["post"]!["responses"]!["200"]!["headers"]!["Set-Cookie"]);

        var update = document["paths"]!["/api/v1/admin/products/{id}"]!["put"]!;
        var ifMatch = update["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "If-Match")!;
        Assert.True(ifMatch["required"]!.GetValue<bool>());
        Assert.NotNull(update["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(document["paths"]!["/health/ready"]);

        var text = document.ToJsonString();
        Assert.DoesNotContain("text/plain", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"text/json\"", text, StringComparison.Ordinal);
    }
}
