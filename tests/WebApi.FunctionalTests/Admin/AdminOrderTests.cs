using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;
using Shop.WebApi.FunctionalTests.Shopping;

namespace Shop.WebApi.FunctionalTests.Admin;

public abstract class AdminOrderTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    [Fact]
    public async Task AnOrder_GoesPendingPaidShippedDelivered_AndRefusesEveryOtherMove()
    {
        var admin = await AdminClientAsync();
        var product = await NewProductAsync(stock: 5);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, product.Id, 1);
        var order = await PlaceOrderAsync(customer.Client);

        async Task<HttpResponseMessage> Move(string status) =>
            await admin.PostAsJsonAsync($"/api/v1/admin/orders/{order.Id}/status", new { status }, Ct);

        await ProblemAsync(await Move("shipped"), 409);
        await ProblemAsync(await Move("delivered"), 409);
        await ProblemAsync(await Move("pending"), 409);
        foreach (var status in new[] { "paid", "shipped", "delivered" })
        {
            var moved = await Move(status);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            var body = (await moved.Content.ReadFromJsonAsync<AdminOrderDto>(Json, Ct))!;
            Assert.Equal((status, customer.Id), (body.Status, body.UserId));
        }

        await ProblemAsync(await Move("cancelled"), 409);
        await ProblemAsync(await Move("paid"), 409);
        Assert.Equal("delivered", (await customer.Client.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{order.Id}", Json, Ct))!.Status);
        Assert.Equal(4, await StockOfAsync(product.Id));

        Assert.Contains("status", (await ProblemAsync(await Move("lost"), 400)).Errors!.Keys);
        await ProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/orders/{Guid.NewGuid()}/status", new { status = "paid" }, Ct), 404);
    }

    [Fact]
    public async Task APaidOrder_CanBeCancelledByTheShop_NotByTheCustomer_AndTheStockComesBack()
    {
        var admin = await AdminClientAsync();
        var product = await NewProductAsync(stock: 5);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, product.Id, 2);
        var order = await PlaceOrderAsync(customer.Client);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/admin/orders/{order.Id}/status", new { status = "paid" }, Ct)).StatusCode);

        await ProblemAsync(await customer.Client.PostAsync($"/api/v1/orders/{order.Id}/cancel", null, Ct), 409);
        Assert.Equal(3, await StockOfAsync(product.Id));

        var cancelled = await admin.PostAsJsonAsync($"/api/v1/admin/orders/{order.Id}/status", new { status = "cancelled" }, Ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(5, await StockOfAsync(product.Id));
    }

    [Fact]
    public async Task TheOrderList_ShowsEveryCustomersOrders_AndFiltersByStatus()
    {
        var admin = await AdminClientAsync();
        var product = await NewProductAsync(stock: 10);
        var ann = await NewCustomerAsync();
        var bob = await NewCustomerAsync();
        await PutInCartAsync(ann.Client, product.Id, 1);
        var annOrder = await PlaceOrderAsync(ann.Client);
        await PutInCartAsync(bob.Client, product.Id, 1);
        var bobOrder = await PlaceOrderAsync(bob.Client);
        await admin.PostAsJsonAsync($"/api/v1/admin/orders/{bobOrder.Id}/status", new { status = "paid" }, Ct);

        var all = await admin.GetFromJsonAsync<PageDto<AdminOrderDto>>("/api/v1/admin/orders?page_size=100", Json, Ct);
        Assert.Contains(all!.Items, o => o.Id == annOrder.Id && o.UserId == ann.Id);
        Assert.Contains(all.Items, o => o.Id == bobOrder.Id && o.UserId == bob.Id);

        var paid = await admin.GetFromJsonAsync<PageDto<AdminOrderDto>>("/api/v1/admin/orders?status=paid&page_size=100", Json, Ct);
        Assert.All(paid!.Items, o => Assert.Equal("paid", o.Status));
        Assert.Contains(paid.Items, o => o.Id == bobOrder.Id);
        Assert.DoesNotContain(paid.Items, o => o.Id == annOrder.Id);
    }

    [Fact]
    public async Task TheUserList_SearchesByEmailOrName()
    {
        var admin = await AdminClientAsync();
        var customer = await NewCustomerAsync();

        var page = await admin.GetFromJsonAsync<PageDto<AdminUserDto>>($"/api/v1/admin/users?q={customer.Email.ToUpperInvariant()}", Json, Ct);

        var user = Assert.Single(page!.Items);
        Assert.Equal((customer.Id, customer.Email, "Test Customer", "customer", (DateTimeOffset?)null), (user.Id, user.Email, user.FullName, user.Role, user.LockedUntil));
    }
}

[Trait("tier", "sqlite")]
public sealed class AdminOrderTestsOnSqlite(SqliteApi fixture) : AdminOrderTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class AdminOrderTestsOnPostgres(PostgresApi fixture) : AdminOrderTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class AdminOrderTestsOnSqlServer(SqlServerApi fixture) : AdminOrderTests(fixture), IClassFixture<SqlServerApi>;
