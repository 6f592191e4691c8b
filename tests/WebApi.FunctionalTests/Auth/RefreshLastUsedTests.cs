using System.Net;
using Microsoft.EntityFrameworkCore;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

/// <summary>A refresh is a use of the session: its last-used time moves. Moves the fixture's clock.</summary>
public abstract class RefreshLastUsedTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task Refresh_RecordsWhenTheSessionWasLastUsed()
    {
        var user = await NewCustomerAsync();
        Api.Time.Advance(TimeSpan.FromMinutes(10));
        var before = Api.Time.GetUtcNow(); // the fake clock moves 1 ms on every read

        var response = await RefreshAsync(user.Tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = Api.Time.GetUtcNow();
        var lastUsed = await WithDbAsync(db => db.Sessions.Where(s => s.UserId == user.Id).Select(s => s.LastUsedAt).SingleAsync(Ct));
        Assert.InRange(lastUsed, before, after);
    }
}

[Trait("tier", "sqlite")]
public sealed class RefreshLastUsedTestsOnSqlite(SqliteApi fixture) : RefreshLastUsedTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class RefreshLastUsedTestsOnPostgres(PostgresApi fixture) : RefreshLastUsedTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class RefreshLastUsedTestsOnSqlServer(SqlServerApi fixture) : RefreshLastUsedTests(fixture), IClassFixture<SqlServerApi>;
