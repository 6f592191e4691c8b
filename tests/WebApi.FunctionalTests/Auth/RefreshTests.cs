using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

public abstract class RefreshTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task Refresh_RotatesTheToken_AndTheNewAccessTokenWorks()
    {
        var user = await NewCustomerAsync();

        var response = await RefreshAsync(user.Tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var tokens = (await response.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
        Assert.NotEqual(user.Tokens.RefreshToken, tokens.RefreshToken);
        Assert.NotEqual(user.Tokens.AccessToken, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(tokens.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Refresh_WithThePreviousTokenWithinGrace_ReturnsTheSameNewRefreshToken()
    {
        var user = await NewCustomerAsync();

        var first = (await (await RefreshAsync(user.Tokens.RefreshToken)).Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
        var repeat = await RefreshAsync(user.Tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var second = (await repeat.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
        Assert.Equal(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        // the session goes on: the successor still rotates
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(first.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Refresh_WithRotatedTokenAfterGrace_RevokesTheSession()
    {
        var user = await NewCustomerAsync();
        var next = (await (await RefreshAsync(user.Tokens.RefreshToken)).Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;

        Api.Time.Advance(TimeSpan.FromSeconds(11));
        var reuse = await RefreshAsync(user.Tokens.RefreshToken);

        var problem = await ProblemAsync(reuse, 401);
        Assert.DoesNotContain("reuse", problem.Detail ?? "", StringComparison.OrdinalIgnoreCase);
        // the whole session is dead: its newest refresh token and its access tokens too
        await ProblemAsync(await RefreshAsync(next.RefreshToken), 401);
        await ProblemAsync(await Bearer(next.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await user.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        var audited = await WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.UserId == user.Id && e.Type == "refresh_reuse_detected", Ct));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task Refresh_WithATokenTwoRotationsOld_RevokesTheSession_EvenWithinGrace()
    {
        var user = await NewCustomerAsync();
        var second = (await (await RefreshAsync(user.Tokens.RefreshToken)).Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
        var third = (await (await RefreshAsync(second.RefreshToken)).Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;

        await ProblemAsync(await RefreshAsync(user.Tokens.RefreshToken), 401);

        await ProblemAsync(await RefreshAsync(third.RefreshToken), 401);
        await ProblemAsync(await Bearer(third.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task Refresh_WithAnUnknownOrMalformedToken_Is401_Or400()
    {
        await ProblemAsync(await RefreshAsync("not-a-token-we-ever-issued"), 401);
        await ProblemAsync(await RefreshAsync(""), 400);
        var noBody = await Anonymous().PostAsync("/api/v1/auth/refresh",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct);
        await ProblemAsync(noBody, 400);
    }

    [Fact]
    public async Task ParallelRefreshes_WithOneToken_YieldOneChain()
    {
        var user = await NewCustomerAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RefreshAsync(user.Tokens.RefreshToken)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var tokens = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<TokenDto>(Json, Ct)));
        var successor = Assert.Single(tokens.Select(t => t!.RefreshToken).Distinct());

        var chain = await WithDbAsync(async db =>
        {
            var sessionId = await db.Sessions.Where(s => s.UserId == user.Id).Select(s => s.Id).SingleAsync(Ct);
            return await db.RefreshTokens.Where(t => t.SessionId == sessionId).ToListAsync(Ct);
        });
        Assert.Equal(2, chain.Count); // the original and exactly one successor
        Assert.Single(chain, t => t.ConsumedAt is null);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(successor)).StatusCode);
    }
}

[Trait("tier", "sqlite")]
public sealed class RefreshTestsOnSqlite(SqliteApi fixture) : RefreshTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class RefreshTestsOnPostgres(PostgresApi fixture) : RefreshTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class RefreshTestsOnSqlServer(SqlServerApi fixture) : RefreshTests(fixture), IClassFixture<SqlServerApi>;
