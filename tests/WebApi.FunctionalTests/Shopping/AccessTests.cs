using System.Net;
using System.Net.Http.Json;
using Shop.Domain.Users;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Shopping;

/// <summary>Who may call what: owners only for orders, admins only for the admin panel, a token for cart and orders.</summary>
public abstract class AccessTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    private static readonly Guid AnyId = Guid.Parse("01900000-0000-7000-8000-000000000001");

    /// <summary>Every admin-panel route of the shop (security operations are not part of it).</summary>
    private static readonly (string Method, string Path)[] AdminRoutes =
    [
        ("GET", "/api/v1/admin/products"),
        ("POST", "/api/v1/admin/products"),
        ("GET", $"/api/v1/admin/products/{AnyId}"),
        ("PUT", $"/api/v1/admin/products/{AnyId}"),
        ("POST", $"/api/v1/admin/products/{AnyId}/publish"),
        ("POST", $"/api/v1/admin/products/{AnyId}/unpublish"),
        ("POST", $"/api/v1/admin/products/{AnyId}/archive"),
        ("POST", $"/api/v1/admin/products/{AnyId}/stock"),
        ("GET", "/api/v1/admin/categories"),
        ("POST", "/api/v1/admin/categories"),
        ("GET", $"/api/v1/admin/categories/{AnyId}"),
        ("PUT", $"/api/v1/admin/categories/{AnyId}"),
        ("DELETE", $"/api/v1/admin/categories/{AnyId}"),
        ("GET", "/api/v1/admin/orders"),
        ("POST", $"/api/v1/admin/orders/{AnyId}/status"),
        ("GET", "/api/v1/admin/users"),
        ("PUT", $"/api/v1/admin/users/{AnyId}/role"),
    ];

    private static readonly (string Method, string Path)[] CustomerRoutes =
    [
        ("GET", "/api/v1/cart"),
        ("PUT", $"/api/v1/cart/items/{AnyId}"),
        ("DELETE", $"/api/v1/cart/items/{AnyId}"),
        ("DELETE", "/api/v1/cart"),
        ("POST", "/api/v1/orders"),
        ("GET", "/api/v1/orders"),
        ("GET", $"/api/v1/orders/{AnyId}"),
        ("POST", $"/api/v1/orders/{AnyId}/cancel"),
    ];

    [Fact]
    public async Task ACustomer_OnEveryAdminRoute_Gets403()
    {
        var customer = await NewCustomerAsync();

        await AssertEveryRouteAnswers(customer.Client, AdminRoutes, 403);
    }

    [Fact]
    public async Task AnOpsUser_OnEveryAdminRoute_Gets403()
    {
        var ops = await NewUserAsync(Role.Ops);

        await AssertEveryRouteAnswers(ops.Client, AdminRoutes, 403);
    }

    [Fact]
    public async Task Anonymous_OnEveryCartOrderAndAdminRoute_Gets401() =>
        await AssertEveryRouteAnswers(Anonymous(), [.. AdminRoutes, .. CustomerRoutes], 401);

    [Fact]
    public async Task TheCatalogue_IsOpen_AndATokenMayBeSent()
    {
        var product = await NewProductAsync();
        var customer = await NewCustomerAsync();

        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/api/v1/products", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/api/v1/categories", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.Client.GetAsync($"/api/v1/products/{product.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AnotherCustomersOrder_Is404_ForReadAndCancel_AndStaysAsItWas()
    {
        var product = await NewProductAsync(stock: 5);
        var owner = await NewCustomerAsync();
        var stranger = await NewCustomerAsync();
        await PutInCartAsync(owner.Client, product.Id, 1);
        var order = await PlaceOrderAsync(owner.Client);

        await ProblemAsync(await stranger.Client.GetAsync($"/api/v1/orders/{order.Id}", Ct), 404);
        await ProblemAsync(await stranger.Client.PostAsync($"/api/v1/orders/{order.Id}/cancel", null, Ct), 404);
        Assert.Empty((await stranger.Client.GetFromJsonAsync<PageDto<OrderDto>>("/api/v1/orders", Json, Ct))!.Items);

        var read = await owner.Client.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{order.Id}", Json, Ct);
        Assert.Equal("pending", read!.Status);
        Assert.Equal(4, await StockOfAsync(product.Id));
    }

    [Fact]
    public async Task AnUnknownOrder_Is404()
    {
        var customer = await NewCustomerAsync();

        await ProblemAsync(await customer.Client.GetAsync($"/api/v1/orders/{Guid.NewGuid()}", Ct), 404);
        await ProblemAsync(await customer.Client.PostAsync($"/api/v1/orders/{Guid.NewGuid()}/cancel", null, Ct), 404);
    }

    [Fact]
    public async Task AnAdmin_ReachesTheAdminPanel()
    {
        var admin = await NewUserAsync(Role.Admin);

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/v1/admin/products", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/v1/admin/orders", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/v1/admin/users", Ct)).StatusCode);
    }

    private static async Task AssertEveryRouteAnswers(HttpClient client, IEnumerable<(string Method, string Path)> routes, int status)
    {
        var wrong = new List<string>();
        foreach (var (method, path) in routes)
        {
            var response = await client.SendAsync(Request(method, path), Ct);
            if ((int)response.StatusCode != status || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                wrong.Add($"{method} {path} -> {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
            }
        }

        Assert.True(wrong.Count == 0, $"expected {status} problem details from:\n" + string.Join('\n', wrong));
    }

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path)
        {
            // a well-formed body, so that only authorization can refuse the call
            Content = method is "POST" or "PUT" ? JsonContent.Create(new { }) : null,
        };
}

[Trait("tier", "sqlite")]
public sealed class AccessTestsOnSqlite(SqliteApi fixture) : AccessTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class AccessTestsOnPostgres(PostgresApi fixture) : AccessTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class AccessTestsOnSqlServer(SqlServerApi fixture) : AccessTests(fixture), IClassFixture<SqlServerApi>;
