using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

/// <summary>Token lifetimes, by moving the API's clock. Each test class gets its own API, since the clock is shared.</summary>
public abstract class ExpiryTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task AccessToken_WorksUntil30MinutesPlusSkew_ThenIsRefused()
    {
        var user = await NewCustomerAsync();

        Api.Time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(20)); // within the 30 s skew
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        Api.Time.Advance(TimeSpan.FromSeconds(11)); // past exp + 30 s
        await ProblemAsync(await user.Client.GetAsync("/api/v1/auth/me", Ct), 401);

        // the refresh token still gets a fresh access token
        var refreshed = await RefreshAsync(user.Tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task Session_RotatedDaily_IsAcceptedOnDay6_AndRefusedAfterDay7()
    {
        var user = await NewCustomerAsync();
        var refresh = user.Tokens.RefreshToken;
        TokenDto? last = null;

        for (var day = 1; day <= 6; day++)
        {
            Api.Time.Advance(TimeSpan.FromDays(1));
            var response = await RefreshAsync(refresh);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            last = (await response.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
            refresh = last.RefreshToken;
        }

        // the absolute lifetime does not grow by refreshing: one day is left on day 6
        Assert.InRange(last!.RefreshTokenExpiresIn, 86_399, 86_400);

        Api.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await ProblemAsync(await RefreshAsync(refresh), 401);
    }

    [Fact]
    public async Task AnAccessTokenNeverOutlivesItsSession()
    {
        var user = await NewCustomerAsync();
        Api.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(10));

        var refreshed = (await (await RefreshAsync(user.Tokens.RefreshToken)).Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;

        Assert.InRange(refreshed.ExpiresIn, 599, 600);
    }
}

[Trait("tier", "sqlite")]
public sealed class ExpiryTestsOnSqlite(SqliteApi fixture) : ExpiryTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class ExpiryTestsOnPostgres(PostgresApi fixture) : ExpiryTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class ExpiryTestsOnSqlServer(SqlServerApi fixture) : ExpiryTests(fixture), IClassFixture<SqlServerApi>;
