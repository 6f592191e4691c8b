using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

public abstract class AuthFlowTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task Register_Login_Me_Refresh_Logout_ThenTheAccessTokenIsRefused()
    {
        var user = await NewCustomerAsync();
        Assert.Equal("Bearer", user.Tokens.TokenType);
        Assert.Equal(1800, user.Tokens.ExpiresIn);
        Assert.Equal(604800, user.Tokens.RefreshTokenExpiresIn);

        var me = await user.Client.GetFromJsonAsync<UserDto>("/api/v1/auth/me", Json, Ct);
        Assert.Equal(user.Email, me!.Email);
        Assert.Equal("customer", me.Role);

        var refreshed = await RefreshAsync(user.Tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var tokens = (await refreshed.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
        Assert.NotEqual(user.Tokens.RefreshToken, tokens.RefreshToken);

        var client = Bearer(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null, Ct)).StatusCode);

        await ProblemAsync(await client.GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await RefreshAsync(tokens.RefreshToken), 401);
    }
}

[Trait("tier", "sqlite")]
public sealed class AuthFlowTestsOnSqlite(SqliteApi fixture) : AuthFlowTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class AuthFlowTestsOnPostgres(PostgresApi fixture) : AuthFlowTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class AuthFlowTestsOnSqlServer(SqlServerApi fixture) : AuthFlowTests(fixture), IClassFixture<SqlServerApi>;
