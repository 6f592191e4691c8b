using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Infrastructure.Cleanup;
using Shop.WebApi.FunctionalTests.Infrastructure;
using Shop.WebApi.FunctionalTests.ScaleOut;

namespace Shop.WebApi.FunctionalTests.Shopping;

/// <summary>Idempotency keys are remembered for a day, then the cleanup job forgets them; the orders stay.
/// The clock travels, so the class has fixtures of its own.</summary>
public abstract class IdempotencyKeyCleanupTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    [Fact]
    public async Task KeysOlderThanADay_AreForgotten_NewerOnesStillReplay_AndOrdersStay()
    {
        var product = await NewProductAsync(stock: 10);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, product.Id, 1);
        var old = await PlaceOrderAsync(customer.Client, "key-from-yesterday");

        Api.Time.Advance(TimeSpan.FromHours(25));
        var today = Bearer((await LoginAsync(customer.Email, customer.Password)).AccessToken);
        await PutInCartAsync(today, product.Id, 1);
        var recent = await PlaceOrderAsync(today, "key-from-today");

        var report = await Api.Services.GetRequiredService<CleanupJob>().RunOnceAsync(Ct);

        Assert.Equal(1, report["idempotency_keys"]);
        var keys = await WithDbAsync(db => db.IdempotencyRecords.Where(r => r.UserId == customer.Id).Select(r => r.Key).ToListAsync(Ct));
        Assert.Equal(["key-from-today"], keys);
        Assert.Equal(2, await WithDbAsync(db => db.Orders.CountAsync(o => o.Id == old.Id || o.Id == recent.Id, Ct)));

        // the recent key still replays its order instead of placing another
        var replay = await CheckoutAsync(today, "key-from-today");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(8, await StockOfAsync(product.Id));
    }
}

[Trait("tier", "sqlite")]
public sealed class IdempotencyKeyCleanupTestsOnSqlite(CleanupSqliteApi fixture) : IdempotencyKeyCleanupTests(fixture), IClassFixture<CleanupSqliteApi>;

[Trait("tier", "postgres")]
public sealed class IdempotencyKeyCleanupTestsOnPostgres(CleanupPostgresApi fixture) : IdempotencyKeyCleanupTests(fixture), IClassFixture<CleanupPostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class IdempotencyKeyCleanupTestsOnSqlServer(CleanupSqlServerApi fixture) : IdempotencyKeyCleanupTests(fixture), IClassFixture<CleanupSqlServerApi>;
