using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

/// <summary>A lost admin password has a way back: one start with Seed:AdminPassword and Seed:ResetAdminPassword=true.
/// Without the reset flag, a Seed:AdminPassword given after the first start changes nothing (and says so in the log).</summary>
public abstract class AdminPasswordResetTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task ARestartWithResetAdminPassword_GivesTheAdminTheNewPassword_AndWithoutTheFlagNothingChanges()
    {
        const string newPassword = "a brand new admin password";

        await using (var ignored = Api.WithWebHostBuilder(b => b.UseSetting("Seed:AdminPassword", newPassword)))
        {
            var refused = await ignored.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
                new { email = ShopApiFactory.AdminEmail, password = newPassword }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Contains(Api.Log.Lines, l => l.Contains("Seed:AdminPassword is ignored", StringComparison.Ordinal));

        await using var reset = Api.WithWebHostBuilder(b => b
            .UseSetting("Seed:AdminPassword", newPassword)
            .UseSetting("Seed:ResetAdminPassword", "true"));
        var login = await reset.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { email = ShopApiFactory.AdminEmail, password = newPassword }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        var old = await reset.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { email = ShopApiFactory.AdminEmail, password = ShopApiFactory.AdminPassword }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }
}

[Trait("tier", "sqlite")]
public sealed class AdminPasswordResetTestsOnSqlite(SqliteApi fixture) : AdminPasswordResetTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class AdminPasswordResetTestsOnPostgres(PostgresApi fixture) : AdminPasswordResetTests(fixture), IClassFixture<PostgresApi>;
