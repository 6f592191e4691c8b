using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

public abstract class SessionTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private sealed record SessionDto(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, string? Ip, string? UserAgent, bool Current);

    [Fact]
    public async Task Sessions_ListsEachDevice_AndMarksTheCurrentOne()
    {
        var laptop = await NewCustomerAsync();
        var phone = await LoginAsync(laptop.Email, laptop.Password);

        var sessions = (await laptop.Client.GetFromJsonAsync<Security.PageDto<SessionDto>>("/api/v1/auth/sessions", Json, Ct))!.Items;

        Assert.Equal(2, sessions!.Count);
        Assert.Single(sessions, s => s.Current);
        Assert.All(sessions, s => Assert.Equal(TimeSpan.FromDays(7), s.ExpiresAt - s.CreatedAt));
        var fromPhone = (await Bearer(phone.AccessToken).GetFromJsonAsync<Security.PageDto<SessionDto>>("/api/v1/auth/sessions", Json, Ct))!.Items;
        Assert.NotEqual(sessions.Single(s => s.Current).Id, fromPhone!.Single(s => s.Current).Id);
    }

    [Fact]
    public async Task DeletingASession_KillsThatDeviceAtOnce_AndNotThisOne()
    {
        var laptop = await NewCustomerAsync();
        var phone = await LoginAsync(laptop.Email, laptop.Password);
        var sessions = (await laptop.Client.GetFromJsonAsync<Security.PageDto<SessionDto>>("/api/v1/auth/sessions", Json, Ct))!.Items;
        var phoneSession = sessions!.Single(s => !s.Current);

        var delete = await laptop.Client.DeleteAsync($"/api/v1/auth/sessions/{phoneSession.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await ProblemAsync(await Bearer(phone.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await RefreshAsync(phone.RefreshToken), 401);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task DeletingAnotherUsersSession_IsNotFound_AndLeavesItAlive()
    {
        var victim = await NewCustomerAsync();
        var attacker = await NewCustomerAsync();
        var victimSession = (await victim.Client.GetFromJsonAsync<Security.PageDto<SessionDto>>("/api/v1/auth/sessions", Json, Ct))!.Items.Single();

        await ProblemAsync(await attacker.Client.DeleteAsync($"/api/v1/auth/sessions/{victimSession.Id}", Ct), 404);
        await ProblemAsync(await attacker.Client.DeleteAsync("/api/v1/auth/sessions/not-a-guid", Ct), 400);

        Assert.Equal(HttpStatusCode.OK, (await victim.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task LogoutAll_KillsEverySessionOfTheUser_AndNoOneElses()
    {
        var user = await NewCustomerAsync();
        var other = await LoginAsync(user.Email, user.Password);
        var stranger = await NewCustomerAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PostAsync("/api/v1/auth/logout-all", null, Ct)).StatusCode);

        await ProblemAsync(await user.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await Bearer(other.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await RefreshAsync(user.Tokens.RefreshToken), 401);
        await ProblemAsync(await RefreshAsync(other.RefreshToken), 401);
        Assert.Equal(HttpStatusCode.OK, (await stranger.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        // a new login right after works: the cut-off applies to sessions created before it
        var again = await LoginAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(again.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Logout_WithTheRefreshTokenOfAnotherDevice_EndsBoth()
    {
        var user = await NewCustomerAsync();
        var other = await LoginAsync(user.Email, user.Password);

        var logout = await user.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refresh_token = other.RefreshToken }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await ProblemAsync(await Bearer(other.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await RefreshAsync(user.Tokens.RefreshToken), 401);
    }

    [Fact]
    public async Task Logout_WithSomeoneElsesRefreshToken_LeavesTheirSessionAlone()
    {
        var user = await NewCustomerAsync();
        var stranger = await NewCustomerAsync();

        await user.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refresh_token = stranger.Tokens.RefreshToken }, Ct);

        Assert.Equal(HttpStatusCode.OK, (await stranger.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(stranger.Tokens.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_RevokesEveryOtherSession_KeepsThisOne_AndTheNewPasswordWorks()
    {
        var user = await NewCustomerAsync();
        var other = await LoginAsync(user.Email, user.Password);
        const string newPassword = "a brand new passphrase";

        var change = await user.Client.PostAsJsonAsync("/api/v1/auth/change-password",
            new { current_password = user.Password, new_password = newPassword }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        await ProblemAsync(await Bearer(other.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await RefreshAsync(other.RefreshToken), 401);
        await ProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password }, Ct), 401);
        await LoginAsync(user.Email, newPassword);
    }

    [Fact]
    public async Task ChangePassword_WithAWrongCurrentPassword_Is400_AndChangesNothing()
    {
        var user = await NewCustomerAsync();

        var change = await user.Client.PostAsJsonAsync("/api/v1/auth/change-password",
            new { current_password = "not my password", new_password = "another long passphrase" }, Ct);

        var problem = await ProblemAsync(change, 400);
        Assert.Contains("current_password", problem.Errors!.Keys);
        await LoginAsync(user.Email, user.Password);
    }

    [Fact]
    public async Task EveryBearerRoute_WithoutAToken_Is401()
    {
        var anonymous = Anonymous();
        await ProblemAsync(await anonymous.GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await anonymous.GetAsync("/api/v1/auth/sessions", Ct), 401);
        await ProblemAsync(await anonymous.PostAsync("/api/v1/auth/logout", null, Ct), 401);
        await ProblemAsync(await anonymous.PostAsync("/api/v1/auth/logout-all", null, Ct), 401);
        await ProblemAsync(await anonymous.DeleteAsync($"/api/v1/auth/sessions/{Guid.NewGuid()}", Ct), 401);
        await ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/change-password",
            new { current_password = "x", new_password = "y" }, Ct), 401);
    }
}

[Trait("tier", "sqlite")]
public sealed class SessionTestsOnSqlite(SqliteApi fixture) : SessionTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class SessionTestsOnPostgres(PostgresApi fixture) : SessionTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class SessionTestsOnSqlServer(SqlServerApi fixture) : SessionTests(fixture), IClassFixture<SqlServerApi>;
