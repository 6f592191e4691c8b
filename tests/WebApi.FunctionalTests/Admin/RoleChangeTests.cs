using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Domain.Auth;
using Shop.Domain.Users;
using Shop.WebApi.FunctionalTests.Infrastructure;
using Shop.WebApi.FunctionalTests.Shopping;

namespace Shop.WebApi.FunctionalTests.Admin;

/// <summary>
/// Role changes. In a class of its own because it moves the fixture's clock: a revocation cuts off the
/// sessions created before it, so the clock steps past the login before the role changes.
/// </summary>
public abstract class RoleChangeTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    [Fact]
    public async Task ARoleChange_RevokesTheUsersTokens_AndTheNextLoginCarriesTheNewRole()
    {
        var admin = await AdminAsync();
        var user = await NewCustomerAsync();
        await ProblemAsync(await user.Client.GetAsync("/api/v1/admin/products", Ct), 403);
        Api.Time.Advance(TimeSpan.FromSeconds(1));

        var changed = await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/role", new { role = "admin" }, Ct);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("admin", (await changed.Content.ReadFromJsonAsync<AdminUserDto>(Json, Ct))!.Role);
        await ProblemAsync(await user.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await user.Client.GetAsync("/api/v1/admin/products", Ct), 401);
        await ProblemAsync(await RefreshAsync(user.Tokens.RefreshToken), 401);

        Api.Time.Advance(TimeSpan.FromSeconds(1)); // the user comes back later (a login in the cut-off's own millisecond is refused)
        var tokens = await LoginAsync(user.Email, user.Password);
        var again = Bearer(tokens.AccessToken);
        Assert.Equal("admin", (await again.GetFromJsonAsync<UserDto>("/api/v1/auth/me", Json, Ct))!.Role);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/admin/products", Ct)).StatusCode);

        var audit = await WithDbAsync(db => db.SecurityEvents.AsNoTracking()
            .Where(e => e.UserId == user.Id && e.Type == SecurityEventType.RoleChanged)
            .ToListAsync(Ct));
        Assert.Equal(admin.Id, Assert.Single(audit).ActorId);
        Assert.Contains("customer -> admin", audit[0].Details, StringComparison.Ordinal);
        Assert.True(await WithDbAsync(db => db.Sessions.AnyAsync(s => s.UserId == user.Id && s.RevokedReason == RevocationReason.RoleChanged, Ct)));
    }

    [Fact]
    public async Task TheLastAdmin_CannotBeDemoted()
    {
        var admin = await AdminAsync();
        var other = await NewUserAsync(Role.Admin);
        Api.Time.Advance(TimeSpan.FromSeconds(1));

        // another admin remains, so this one can go
        var demoted = await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{other.Id}/role", new { role = "customer" }, Ct);
        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        var leftovers = await WithDbAsync(db => db.Users.Where(u => u.Role == Role.Admin && u.Id != admin.Id).Select(u => u.Id).ToListAsync(Ct));
        foreach (var id in leftovers)
        {
            var response = await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{id}/role", new { role = "customer" }, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var refused = await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{admin.Id}/role", new { role = "ops" }, Ct);

        await ProblemAsync(refused, 409);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/v1/admin/users", Ct)).StatusCode);
        Assert.Equal(Role.Admin, await WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).Select(u => u.Role).SingleAsync(Ct)));
    }

    [Fact]
    public async Task ABadRoleOrUnknownUser_IsRefused()
    {
        var admin = await AdminAsync();
        var user = await NewCustomerAsync();

        Assert.Contains("role", (await ProblemAsync(await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/role", new { role = "root" }, Ct), 400)).Errors!.Keys);
        await ProblemAsync(await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/role", new { role = "Admin" }, Ct), 400);
        await ProblemAsync(await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{Guid.NewGuid()}/role", new { role = "ops" }, Ct), 404);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }
}

[Trait("tier", "sqlite")]
public sealed class RoleChangeTestsOnSqlite(SqliteApi fixture) : RoleChangeTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class RoleChangeTestsOnPostgres(PostgresApi fixture) : RoleChangeTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class RoleChangeTestsOnSqlServer(SqlServerApi fixture) : RoleChangeTests(fixture), IClassFixture<SqlServerApi>;
