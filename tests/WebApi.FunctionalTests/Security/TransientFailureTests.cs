using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Shop.WebApi.FunctionalTests.Infrastructure;
using Shop.WebApi.FunctionalTests.Shopping;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>
/// The server ends every connection of the API's pool (a restart, a failover, an idle-connection reaper): the
/// next requests meet dead pooled connections, and the execution strategy retries them on fresh ones, so the
/// user sees no error — units of work included (a cart write, a checkout, a refresh, a login).
/// </summary>
[Trait("tier", "postgres")]
public sealed class TransientFailureTestsOnPostgres(PostgresApi fixture) : ShopTestBase(fixture), IClassFixture<PostgresApi>
{
    private long _ended;

    [Fact]
    public async Task ConnectionsEndedByTheServer_AreReplaced_AndEveryRequestSucceeds()
    {
        var product = await NewProductAsync(stock: 50);
        var user = await NewCustomerAsync();
        var refreshToken = user.Tokens.RefreshToken;

        for (var round = 0; round < 3; round++)
        {
            await EndTheApisConnectionsAsync();
            var cart = await user.Client.PutAsJsonAsync($"/api/v1/cart/items/{product.Id}", new { quantity = 1 }, Ct);
            Assert.Equal(HttpStatusCode.OK, cart.StatusCode);

            await EndTheApisConnectionsAsync();
            Assert.Equal(HttpStatusCode.Created, (await CheckoutAsync(user.Client, Guid.NewGuid().ToString())).StatusCode);

            await EndTheApisConnectionsAsync();
            var refreshed = await RefreshAsync(refreshToken);
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            refreshToken = (await refreshed.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!.RefreshToken;

            await EndTheApisConnectionsAsync();
            await LoginAsync(user.Email, user.Password);
        }

        Assert.Equal(47, await StockOfAsync(product.Id));
        Assert.True(_ended > 0, "the API held no connection to end");
    }

    /// <summary>Ends every connection to the API's database. Npgsql may have dropped the pool already after an
    /// earlier broken connection, so one round can find none; over the test many are ended.</summary>
    private async Task EndTheApisConnectionsAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(Api.Tier.ConnectionString).Database;
        await using var admin = new NpgsqlConnection(DatabaseTier.PostgresServer);
        await admin.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid()", admin);
        command.Parameters.AddWithValue("database", database!);
        _ended += (long)(await command.ExecuteScalarAsync(Ct))!;
        await Task.Delay(50, Ct); // the backends are gone before the next request
    }
}
