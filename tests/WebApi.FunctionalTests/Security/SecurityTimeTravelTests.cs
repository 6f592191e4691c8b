using System.Net;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>
/// Security behaviour that depends on time: the kill switch's cut, the failed-login window, locks that
/// end. These tests move the fixture's clock, so they live in their own class.
/// </summary>
public abstract class SecurityTimeTravelTests(ApiFixture fixture) : SecurityTestBase(fixture)
{
    [Fact]
    public async Task KillSwitch_RefusesEveryTokenIssuedBeforeTheCut_AndNoneIssuedAfter()
    {
        var before = await NewCustomerAsync();
        var beforeOps = await OpsAsync();
        Api.Time.Advance(TimeSpan.FromMinutes(1));
        var cut = Api.Time.GetUtcNow();
        Api.Time.Advance(TimeSpan.FromMinutes(1));
        var after = await NewCustomerAsync();
        var ops = await OpsAsync();

        var result = await OkAsync<RevokedDto>(await PostJsonAsync(ops.Client, $"{Ops}/revoke-all", new { issued_before = cut }));
        Assert.True(result.Revoked >= 3, $"revoked {result.Revoked}"); // at least: before (1 session), beforeOps (2)

        foreach (var tokens in new[] { before.Tokens, beforeOps.Tokens })
        {
            await ProblemAsync(await Bearer(tokens.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
            await ProblemAsync(await RefreshAsync(tokens.RefreshToken), 401);
        }

        Assert.Equal(HttpStatusCode.OK, (await after.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ops.Client.GetAsync($"{Ops}/audit?type=global_revoke", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(after.Tokens.RefreshToken)).StatusCode);

        var sessions = (await OkAsync<PageDto<OpsSessionDto>>(await ops.Client.GetAsync($"{Ops}/users/{before.Id}/sessions", Ct))).Items;
        Assert.Equal("global_revoke", Assert.Single(sessions).RevokedReason);

        var audit = await OkAsync<PageDto<AuditDto>>(await ops.Client.GetAsync($"{Ops}/audit?type=global_revoke&page_size=100", Ct));
        var entry = Assert.Single(audit.Items, e => e.ActorId == ops.Id);
        Assert.Null(entry.UserId);
        Assert.Contains($"{result.Revoked} sessions", entry.Details, StringComparison.Ordinal);

        // Those cut off log in again and are let in.
        var again = await LoginAsync(before.Email, before.Password);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(again.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task KillSwitch_WithACutInTheFuture_Is400_AndRevokesNothing()
    {
        var user = await NewCustomerAsync();
        var ops = await OpsAsync();
        var problem = await ProblemAsync(await PostJsonAsync(ops.Client, $"{Ops}/revoke-all", new { issued_before = Api.Time.GetUtcNow().AddHours(1) }), 400);
        Assert.Contains("issued_before", problem.Errors!.Keys);
        await ProblemAsync(await PostJsonAsync(ops.Client, $"{Ops}/revoke-all", new { }), 400);

        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task MoreThanFiveFailedLogins_Give429WithRetryAfter_ForAKnownAndAnUnknownEmailAlike()
    {
        var known = await NewCustomerAsync();
        var unknownEmail = NewEmail("nobody");

        var bodies = new List<string>();
        var knownFreeAt = DateTimeOffset.MinValue;
        foreach (var email in new[] { known.Email, unknownEmail })
        {
            for (var i = 0; i < 5; i++)
            {
                Api.Time.Advance(TimeSpan.FromSeconds(10));
                await ProblemAsync(await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email, password = $"wrong {i}" }), 401);
            }

            // The sixth is refused before the password is even looked at, the right one included.
            var refused = await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email, password = known.Password });
            var problem = await ProblemAsync(refused, 429);
            Assert.Equal("Too many requests", problem.Title);
            var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 14 * 60, 15 * 60); // the first failure leaves the 15-minute window in 14 min 10 s
            await AssertNoTokenIssuedAsync(refused);
            bodies.Add(await ProblemWithoutTraceIdAsync(refused));
            if (email == known.Email)
            {
                knownFreeAt = Api.Time.GetUtcNow().AddSeconds(retryAfter);
            }
        }

        Assert.Equal(bodies[0], bodies[1]);

        // Another email is not affected.
        var other = await NewCustomerAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = other.Email, password = other.Password })).StatusCode);

        // The window slides: when Retry-After said, the first failure is 15 minutes old and the owner gets in.
        Api.Time.Advance(knownFreeAt - Api.Time.GetUtcNow() - TimeSpan.FromSeconds(2));
        await ProblemAsync(await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = known.Email, password = known.Password }), 429);
        Api.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = known.Email, password = known.Password })).StatusCode);

        // The unknown email's failures came 50 s later; it is let through (to a 401) a minute on.
        await ProblemAsync(await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = unknownEmail, password = "still wrong" }), 429);
        Api.Time.Advance(TimeSpan.FromMinutes(1));
        await ProblemAsync(await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = unknownEmail, password = "still wrong" }), 401);
    }

    [Fact]
    public async Task ASuccessfulLogin_ForgetsEarlierFailures()
    {
        var user = await NewCustomerAsync();
        for (var i = 0; i < 4; i++)
        {
            await ProblemAsync(await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = user.Email, password = "wrong" }), 401);
        }

        await LoginAsync(user.Email, user.Password);
        for (var i = 0; i < 5; i++)
        {
            await ProblemAsync(await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = user.Email, password = "wrong" }), 401);
        }

        await ProblemAsync(await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = user.Email, password = "wrong" }), 429);
    }

    [Fact]
    public async Task AnAccessTokenInUse_StopsWorkingWhenItExpires_HoweverOftenItWasAccepted()
    {
        var user = await NewCustomerAsync();
        for (var request = 0; request < 5; request++)
        {
            Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        }

        Api.Time.Advance(TimeSpan.FromMinutes(30)); // at its expiry, within the 30 s of skew
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        Api.Time.Advance(TimeSpan.FromSeconds(31));
        await ProblemAsync(await user.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        var refreshed = await OkAsync<TokenDto>(await RefreshAsync(user.Tokens.RefreshToken));
        Assert.Equal(HttpStatusCode.OK, (await Bearer(refreshed.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Lock_RevokesEverySession_RefusesLoginAndRefresh_UntilUnlocked()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var second = await LoginAsync(victim.Email, victim.Password);
        Api.Time.Advance(TimeSpan.FromSeconds(1));

        var until = Api.Time.GetUtcNow().AddHours(2);
        var locked = await OkAsync<LockDto>(await PostJsonAsync(ops.Client, $"{Ops}/users/{victim.Id}/lock", new { until, reason = "chargeback fraud" }));
        Assert.Equal(2, locked.SessionsRevoked);
        Assert.Equal(until, locked.LockedUntil!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal("chargeback fraud", locked.LockReason);

        foreach (var tokens in new[] { victim.Tokens, second })
        {
            await ProblemAsync(await Bearer(tokens.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
            await ProblemAsync(await RefreshAsync(tokens.RefreshToken), 401);
        }

        Api.Time.Advance(TimeSpan.FromSeconds(1));
        var refused = await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = victim.Email, password = victim.Password });
        Assert.Equal("Invalid email or password.", (await ProblemAsync(refused, 401)).Detail);
        await AssertNoTokenIssuedAsync(refused);

        var sessions = (await OkAsync<PageDto<OpsSessionDto>>(await ops.Client.GetAsync($"{Ops}/users/{victim.Id}/sessions", Ct))).Items;
        Assert.All(sessions, s => Assert.Equal("user_locked", s.RevokedReason));

        var unlocked = await OkAsync<LockDto>(await ops.Client.PostAsync($"{Ops}/users/{victim.Id}/unlock", null, Ct));
        Assert.Null(unlocked.LockedUntil);
        Api.Time.Advance(TimeSpan.FromSeconds(1));
        var tokensAfter = await LoginAsync(victim.Email, victim.Password);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(tokensAfter.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        var audit = await AuditOfAsync(victim.Id);
        var lockEntry = Assert.Single(audit, e => e.Type == "user_locked");
        Assert.Equal(ops.Id, lockEntry.ActorId);
        Assert.Contains("chargeback fraud", lockEntry.Details, StringComparison.Ordinal);
        Assert.Equal(ops.Id, Assert.Single(audit, e => e.Type == "user_unlocked").ActorId);
        Assert.Contains(audit, e => e.Type == "login_failed" && e.Details == "locked");
    }

    [Fact]
    public async Task ALock_EndsByItselfAtItsTime()
    {
        var admin = await AdminAsync();
        var victim = await NewCustomerAsync();
        await OkAsync<LockDto>(await PostJsonAsync(admin.Client, $"{Ops}/users/{victim.Id}/lock", new { until = Api.Time.GetUtcNow().AddMinutes(10), reason = "cool-off" }));

        Api.Time.Advance(TimeSpan.FromMinutes(9));
        await ProblemAsync(await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = victim.Email, password = victim.Password }), 401);
        Api.Time.Advance(TimeSpan.FromMinutes(2));
        await LoginAsync(victim.Email, victim.Password);
    }
}

[Trait("tier", "sqlite")]
public sealed class SecurityTimeTravelTestsOnSqlite(SqliteApi fixture) : SecurityTimeTravelTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class SecurityTimeTravelTestsOnPostgres(PostgresApi fixture) : SecurityTimeTravelTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class SecurityTimeTravelTestsOnSqlServer(SqlServerApi fixture) : SecurityTimeTravelTests(fixture), IClassFixture<SqlServerApi>;
