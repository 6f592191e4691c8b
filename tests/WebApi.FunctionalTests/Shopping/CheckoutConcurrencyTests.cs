using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Shopping;

/// <summary>Checkout under contention. The PostgreSQL tier (READ COMMITTED, real parallel writers) is the one
/// that proves it; on SQLite the writers queue up and the answers must be the same.</summary>
public abstract class CheckoutConcurrencyTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    [Fact]
    public async Task FiftyCustomersAtOnce_ForTenInStock_GetExactlyTenOrders_AndStockNeverGoesNegative()
    {
        var product = await NewProductAsync(stock: 10);
        var customers = await ManyCustomersAsync(50);
        await Task.WhenAll(customers.Select(c => PutInCartAsync(c, product.Id, 1)));

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checkouts = customers.Select(c => Task.Run(async () =>
        {
            await start.Task;
            return await CheckoutAsync(c);
        })).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(checkouts);

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(40, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal([product.Id], (await ProblemMemberAsync(refused, "short_product_ids")).EnumerateArray().Select(e => e.GetGuid()));
        }

        Assert.Equal(0, await StockOfAsync(product.Id));
        var sold = await WithDbAsync(db => db.OrderLines.Where(l => l.ProductId == product.Id).SumAsync(l => l.Quantity, Ct));
        Assert.Equal(10, sold);
    }

    [Fact]
    public async Task TheSameIdempotencyKey_SentTwiceAtOnce_MakesOneOrder_AndTakesStockOnce()
    {
        var product = await NewProductAsync(stock: 5);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, product.Id, 2);
        var key = Guid.NewGuid().ToString();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await CheckoutAsync(customer.Client, key);
        })).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var orders = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<OrderDto>(Json, Ct)));
        Assert.Single(orders.Select(o => o!.Id).Distinct());
        Assert.Equal(3, await StockOfAsync(product.Id));
        Assert.Equal(1, (await customer.Client.GetFromJsonAsync<PageDto<OrderDto>>("/api/v1/orders", Json, Ct))!.Total);

        // later repeats get the same order too, even though the cart is now empty
        var again = await CheckoutAsync(customer.Client, key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(orders[0]!.Id, (await again.Content.ReadFromJsonAsync<OrderDto>(Json, Ct))!.Id);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(3, await StockOfAsync(product.Id));
    }

    [Fact]
    public async Task IdempotencyKeys_ThatDifferOnlyInCase_AreTwoOrders()
    {
        // Keys compare byte for byte on every database (SQL Server's default collation would not).
        var product = await NewProductAsync(stock: 5);
        var customer = await NewCustomerAsync();
        var key = $"Order-{Guid.NewGuid():N}";

        await PutInCartAsync(customer.Client, product.Id, 1);
        var first = await PlaceOrderAsync(customer.Client, key);
        await PutInCartAsync(customer.Client, product.Id, 1);
        var second = await PlaceOrderAsync(customer.Client, key.ToLowerInvariant());

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(3, await StockOfAsync(product.Id));
    }

    [Fact]
    public async Task AnIdempotencyKey_BelongsToOneCustomer()
    {
        var product = await NewProductAsync(stock: 5);
        var ann = await NewCustomerAsync();
        var bob = await NewCustomerAsync();
        await PutInCartAsync(ann.Client, product.Id, 1);
        await PutInCartAsync(bob.Client, product.Id, 1);
        var key = Guid.NewGuid().ToString();

        var annOrder = await PlaceOrderAsync(ann.Client, key);
        var bobOrder = await PlaceOrderAsync(bob.Client, key);

        Assert.NotEqual(annOrder.Id, bobOrder.Id);
        Assert.Equal(3, await StockOfAsync(product.Id));
    }

    [Fact]
    public async Task TwoCancelsAtOnce_ReturnTheStockOnce()
    {
        var product = await NewProductAsync(stock: 5);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, product.Id, 3);
        var order = await PlaceOrderAsync(customer.Client);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancels = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await customer.Client.PostAsync($"/api/v1/orders/{order.Id}/cancel", null, Ct);
        })).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(cancels);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(5, await StockOfAsync(product.Id));
    }
}

[Trait("tier", "sqlite")]
public sealed class CheckoutConcurrencyTestsOnSqlite(SqliteApi fixture) : CheckoutConcurrencyTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class CheckoutConcurrencyTestsOnPostgres(PostgresApi fixture) : CheckoutConcurrencyTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class CheckoutConcurrencyTestsOnSqlServer(SqlServerApi fixture) : CheckoutConcurrencyTests(fixture), IClassFixture<SqlServerApi>;
