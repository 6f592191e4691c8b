using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Domain.Users;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>The ops routes under /api/v1/admin/security: who may call them, and what each does to tokens and the audit log.</summary>
public abstract class SecurityOpsTests(ApiFixture fixture) : SecurityTestBase(fixture)
{
    [Fact]
    public async Task EveryOpsRoute_IsOpenToAdminAndOps_RefusedToCustomers_AndToAnonymousCallers()
    {
        var admin = await AdminAsync();
        var ops = await OpsAsync();
        var customer = await NewCustomerAsync();

        foreach (var (caller, name) in new[] { (admin, "admin"), (ops, "ops") })
        {
            var victim = await NewCustomerAsync();
            foreach (var (route, send) in Routes(victim))
            {
                var response = await send(caller.Client);
                Assert.True((int)response.StatusCode is 200 or 204,
                    $"{name} {route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            }
        }

        var untouched = await NewCustomerAsync();
        foreach (var (route, send) in Routes(untouched))
        {
            var asCustomer = await send(customer.Client);
            Assert.True(asCustomer.StatusCode == HttpStatusCode.Forbidden, $"customer {route}: {(int)asCustomer.StatusCode}");
            Assert.Equal("Forbidden", (await ProblemAsync(asCustomer, 403)).Title);
            var asAnonymous = await send(Anonymous());
            Assert.True(asAnonymous.StatusCode == HttpStatusCode.Unauthorized, $"anonymous {route}: {(int)asAnonymous.StatusCode}");
            await ProblemAsync(asAnonymous, 401);
        }

        // None of the refused calls changed anything: the customer's own session still works.
        Assert.Equal(HttpStatusCode.OK, (await untouched.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(untouched.Tokens.RefreshToken)).StatusCode);
    }

    /// <summary>Every ops route, aimed at <paramref name="victim"/>; the kill switch cuts at a time before any session of the test.</summary>
    private IEnumerable<(string Route, Func<HttpClient, Task<HttpResponseMessage>> Send)> Routes(TestUser victim)
    {
        var sessionId = SessionIdOf(victim.Tokens.AccessToken);
        var longAgo = Api.Time.GetUtcNow().AddDays(-30);
        return
        [
            ("GET sessions", c => c.GetAsync($"{Ops}/users/{victim.Id}/sessions", Ct)),
            ("GET audit", c => c.GetAsync($"{Ops}/audit?user_id={victim.Id}", Ct)),
            ("POST revoke-token", c => PostJsonAsync(c, $"{Ops}/revoke-token", new { token = "not-a-known-token" })),
            ("POST revoke-all", c => PostJsonAsync(c, $"{Ops}/revoke-all", new { issued_before = longAgo })),
            ("POST lock", c => PostJsonAsync(c, $"{Ops}/users/{victim.Id}/lock", new { until = Api.Time.GetUtcNow().AddHours(1), reason = "test" })),
            ("POST unlock", c => c.PostAsync($"{Ops}/users/{victim.Id}/unlock", null, Ct)),
            ("DELETE session", c => c.DeleteAsync($"{Ops}/sessions/{sessionId}", Ct)),
            ("POST revoke-sessions", c => c.PostAsync($"{Ops}/users/{victim.Id}/revoke-sessions", null, Ct)),
        ];
    }

    [Fact]
    public async Task RevokeSessions_RefusesEveryAccessAndRefreshTokenOfTheUser_OnTheNextRequest()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var more = new[] { victim.Tokens, await LoginAsync(victim.Email, victim.Password), await LoginAsync(victim.Email, victim.Password) };
        var bystander = await NewCustomerAsync();

        var result = await OkAsync<RevokedDto>(await ops.Client.PostAsync($"{Ops}/users/{victim.Id}/revoke-sessions", null, Ct));
        Assert.Equal(3, result.Revoked);

        foreach (var tokens in more)
        {
            await ProblemAsync(await Bearer(tokens.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
            await ProblemAsync(await RefreshAsync(tokens.RefreshToken), 401);
        }

        Assert.Equal(HttpStatusCode.OK, (await bystander.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        var sessions = (await OkAsync<PageDto<OpsSessionDto>>(await ops.Client.GetAsync($"{Ops}/users/{victim.Id}/sessions", Ct))).Items;
        Assert.Equal(3, sessions.Count);
        Assert.All(sessions, s => Assert.Equal("ops", s.RevokedReason));
        Assert.All(sessions, s => Assert.NotNull(s.RevokedAt));

        var audit = Assert.Single(await AuditOfAsync(victim.Id, "sessions_revoked_all"));
        Assert.Equal(ops.Id, audit.ActorId);
        Assert.Contains("3 sessions", audit.Details, StringComparison.Ordinal);

        // The user can log in again afterwards: revocation is not a lock.
        Api.Time.Advance(TimeSpan.FromSeconds(1));
        var again = await LoginAsync(victim.Email, victim.Password);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(again.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Sessions_ListsLiveAndRecentlyRevokedSessions_WithWhenAndWhy()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var second = await LoginAsync(victim.Email, victim.Password);
        Assert.Equal(HttpStatusCode.NoContent, (await victim.Client.PostAsync("/api/v1/auth/logout", null, Ct)).StatusCode);

        var response = await ops.Client.GetAsync($"{Ops}/users/{victim.Id}/sessions", Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        foreach (var field in new[] { "\"id\"", "\"created_at\"", "\"last_used_at\"", "\"expires_at\"", "\"revoked_at\"", "\"revoked_reason\"", "\"ip\"", "\"user_agent\"" })
        {
            Assert.Contains(field, raw, StringComparison.Ordinal);
        }

        var sessions = (await response.Content.ReadFromJsonAsync<PageDto<OpsSessionDto>>(Json, Ct))!.Items;
        Assert.Equal(2, sessions.Count);
        var ended = Assert.Single(sessions, s => s.Id == SessionIdOf(victim.Tokens.AccessToken));
        Assert.Equal("logout", ended.RevokedReason);
        Assert.NotNull(ended.RevokedAt);
        var live = Assert.Single(sessions, s => s.Id == SessionIdOf(second.AccessToken));
        Assert.Null(live.RevokedAt);
        Assert.Null(live.RevokedReason);
    }

    [Fact]
    public async Task KillSession_EndsThatSessionOnly()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var other = await LoginAsync(victim.Email, victim.Password);
        var sessionId = SessionIdOf(victim.Tokens.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await ops.Client.DeleteAsync($"{Ops}/sessions/{sessionId}", Ct)).StatusCode);

        await ProblemAsync(await victim.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await RefreshAsync(victim.Tokens.RefreshToken), 401);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(other.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        var audit = Assert.Single(await AuditOfAsync(victim.Id, "session_revoked"));
        Assert.Equal(ops.Id, audit.ActorId);
        Assert.Contains(sessionId.ToString(), audit.Details, StringComparison.Ordinal);

        // Again: nothing left to do, still 204, and no second entry.
        Assert.Equal(HttpStatusCode.NoContent, (await ops.Client.DeleteAsync($"{Ops}/sessions/{sessionId}", Ct)).StatusCode);
        Assert.Single(await AuditOfAsync(victim.Id, "session_revoked"));
    }

    [Fact]
    public async Task RevokeToken_WithALeakedRefreshToken_KillsItsSession_AndRecordsNoToken()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var other = await LoginAsync(victim.Email, victim.Password);

        var response = await PostJsonAsync(ops.Client, $"{Ops}/revoke-token", new { token = victim.Tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await ProblemAsync(await RefreshAsync(victim.Tokens.RefreshToken), 401);
        await ProblemAsync(await victim.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(other.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        var audit = Assert.Single(await AuditOfAsync(victim.Id, "session_revoked"));
        Assert.Equal(ops.Id, audit.ActorId);
        var everything = await AllAuditTextAsync();
        Assert.DoesNotContain(victim.Tokens.RefreshToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(victim.Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(victim.Tokens.RefreshToken, Api.Log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeToken_WithARotatedRefreshTokenOfTheChain_KillsTheSession()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var rotated = await OkAsync<TokenDto>(await RefreshAsync(victim.Tokens.RefreshToken));

        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(ops.Client, $"{Ops}/revoke-token", new { token = victim.Tokens.RefreshToken })).StatusCode);

        await ProblemAsync(await RefreshAsync(rotated.RefreshToken), 401);
        await ProblemAsync(await Bearer(rotated.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task RevokeToken_WithALeakedAccessToken_KillsItsSession()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var other = await LoginAsync(victim.Email, victim.Password);

        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(ops.Client, $"{Ops}/revoke-token", new { token = victim.Tokens.AccessToken })).StatusCode);

        await ProblemAsync(await victim.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await RefreshAsync(victim.Tokens.RefreshToken), 401);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(other.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        var audit = Assert.Single(await AuditOfAsync(victim.Id, "session_revoked"));
        Assert.Contains("access token", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(victim.Tokens.AccessToken, await AllAuditTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeToken_UnknownOrForged_Is200_AndKillsNothing()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var sessionId = SessionIdOf(victim.Tokens.AccessToken);

        // A JWT naming the victim's session but signed with a key the API does not know.
        var forged = Tokens.Sign(new string('k', 48), victim.Id, sessionId, Api.Time.GetUtcNow());
        foreach (var token in new[] { "not-a-token", forged, victim.Tokens.RefreshToken + "x", "a.b.c" })
        {
            var response = await PostJsonAsync(ops.Client, $"{Ops}/revoke-token", new { token });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await victim.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(victim.Tokens.RefreshToken)).StatusCode);
        Assert.Empty(await AuditOfAsync(victim.Id, "session_revoked"));

        var empty = await ProblemAsync(await PostJsonAsync(ops.Client, $"{Ops}/revoke-token", new { token = "" }), 400);
        Assert.Contains("token", empty.Errors!.Keys);
    }

    [Fact]
    public async Task OpsRoutes_WithAnUnknownUserOrSession_Are404_AndWithANonGuid_Are400()
    {
        var ops = await OpsAsync();
        var unknown = Guid.CreateVersion7();
        var until = Api.Time.GetUtcNow().AddHours(1);

        await ProblemAsync(await ops.Client.GetAsync($"{Ops}/users/{unknown}/sessions", Ct), 404);
        await ProblemAsync(await ops.Client.PostAsync($"{Ops}/users/{unknown}/revoke-sessions", null, Ct), 404);
        await ProblemAsync(await PostJsonAsync(ops.Client, $"{Ops}/users/{unknown}/lock", new { until, reason = "x" }), 404);
        await ProblemAsync(await ops.Client.PostAsync($"{Ops}/users/{unknown}/unlock", null, Ct), 404);
        await ProblemAsync(await ops.Client.DeleteAsync($"{Ops}/sessions/{unknown}", Ct), 404);

        await ProblemAsync(await ops.Client.GetAsync($"{Ops}/users/not-a-guid/sessions", Ct), 400);
        await ProblemAsync(await ops.Client.DeleteAsync($"{Ops}/sessions/1%20OR%201=1", Ct), 400);
    }

    [Fact]
    public async Task Lock_WithAPastTimeOrNoReason_Is400_AndLockingYourself_Is409()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var now = Api.Time.GetUtcNow();

        var past = await ProblemAsync(await PostJsonAsync(ops.Client, $"{Ops}/users/{victim.Id}/lock", new { until = now.AddMinutes(-1), reason = "x" }), 400);
        Assert.Contains("until", past.Errors!.Keys);
        var noReason = await ProblemAsync(await PostJsonAsync(ops.Client, $"{Ops}/users/{victim.Id}/lock", new { until = now.AddHours(1) }), 400);
        Assert.Contains("reason", noReason.Errors!.Keys);
        await ProblemAsync(await PostJsonAsync(ops.Client, $"{Ops}/users/{victim.Id}/lock", new { reason = "x" }), 400);
        await ProblemAsync(await PostJsonAsync(ops.Client, $"{Ops}/users/{ops.Id}/lock", new { until = now.AddHours(1), reason = "x" }), 409);

        // Nothing above locked anyone.
        Assert.Equal(HttpStatusCode.OK, (await victim.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Empty(await AuditOfAsync(victim.Id, "user_locked"));
    }

    [Fact]
    public async Task Ops_FindAUserByEmailOrName_ForTheConsole_AndACustomerCannot()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();
        var part = victim.Email[..victim.Email.IndexOf('@', StringComparison.Ordinal)].ToUpperInvariant();

        var found = await OkAsync<PageDto<Shopping.AdminUserDto>>(await ops.Client.GetAsync($"{Ops}/users?q={part}", Ct));

        var user = Assert.Single(found.Items);
        Assert.Equal(victim.Id, user.Id);
        Assert.Equal("customer", user.Role);
        Assert.Empty((await OkAsync<PageDto<Shopping.AdminUserDto>>(await ops.Client.GetAsync($"{Ops}/users?q=%27%20OR%201%3D1--", Ct))).Items);
        await ProblemAsync(await victim.Client.GetAsync($"{Ops}/users?q={part}", Ct), 403);
        await ProblemAsync(await ops.Client.GetAsync($"{Ops}/users?page_size=101", Ct), 400);
    }

    [Fact]
    public async Task ALockedUser_CannotRefresh_EvenWithASessionThatWasNotRevoked()
    {
        // Locking through the API revokes every session; this lock is set in the database alone, to show
        // that refresh checks the lock by itself.
        var user = await NewCustomerAsync();
        await WithDbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.Id == user.Id, Ct);
            row.Lock(Api.Time.GetUtcNow().AddHours(1), "set directly", Api.Time.GetUtcNow());
            return await db.SaveChangesAsync(Ct);
        });

        await ProblemAsync(await RefreshAsync(user.Tokens.RefreshToken), 401);
        var login = await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = user.Email, password = user.Password });
        await ProblemAsync(login, 401);
        await AssertNoTokenIssuedAsync(login);
    }

    [Fact]
    public async Task Audit_RecordsEachAction_WithActorAndTime_AndFiltersAndPages()
    {
        var ops = await OpsAsync();
        var victim = await NewCustomerAsync();

        // Entries are listed newest first; the clock moves a little between actions so that the order is certain.
        var step = TimeSpan.FromMilliseconds(10);
        Api.Time.Advance(step);
        var badLogin = await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = victim.Email, password = "wrong password!" });
        Assert.Equal(HttpStatusCode.Unauthorized, badLogin.StatusCode);
        Api.Time.Advance(step);
        await ops.Client.DeleteAsync($"{Ops}/sessions/{SessionIdOf(victim.Tokens.AccessToken)}", Ct);
        Api.Time.Advance(step);
        await ops.Client.PostAsync($"{Ops}/users/{victim.Id}/revoke-sessions", null, Ct);
        Api.Time.Advance(step);
        await OkAsync<LockDto>(await PostJsonAsync(ops.Client, $"{Ops}/users/{victim.Id}/lock", new { until = Api.Time.GetUtcNow().AddHours(1), reason = "card testing" }));
        Api.Time.Advance(step);
        await OkAsync<LockDto>(await ops.Client.PostAsync($"{Ops}/users/{victim.Id}/unlock", null, Ct));

        var response = await ops.Client.GetAsync($"{Ops}/audit?user_id={victim.Id}", Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        foreach (var field in new[] { "\"items\"", "\"page\"", "\"page_size\"", "\"total\"", "\"user_id\"", "\"actor_id\"", "\"at\"", "\"details\"", "\"type\"", "\"ip\"" })
        {
            Assert.Contains(field, raw, StringComparison.Ordinal);
        }

        var page = (await response.Content.ReadFromJsonAsync<PageDto<AuditDto>>(Json, Ct))!;
        var types = page.Items.Select(e => e.Type).ToList();
        Assert.Equal(["user_unlocked", "user_locked", "sessions_revoked_all", "session_revoked", "login_failed", "login_succeeded"], types);
        Assert.Equal(6, page.Total);
        Assert.All(page.Items, e => Assert.Equal(victim.Id, e.UserId));
        Assert.All(page.Items.Where(e => e.Type is not ("login_failed" or "login_succeeded")), e => Assert.Equal(ops.Id, e.ActorId));
        Assert.Contains("card testing", page.Items.Single(e => e.Type == "user_locked").Details, StringComparison.Ordinal);

        var locked = await OkAsync<PageDto<AuditDto>>(await ops.Client.GetAsync($"{Ops}/audit?user_id={victim.Id}&type=user_locked", Ct));
        Assert.Equal("user_locked", Assert.Single(locked.Items).Type);

        var paged = await OkAsync<PageDto<AuditDto>>(await ops.Client.GetAsync($"{Ops}/audit?user_id={victim.Id}&page=2&page_size=2", Ct));
        Assert.Equal(6, paged.Total);
        Assert.Equal(2, paged.PageSize);
        Assert.Equal(["sessions_revoked_all", "session_revoked"], paged.Items.Select(e => e.Type));

        // Time range: from is inclusive, to exclusive; every entry of this test lies within 60 ms.
        var at = page.Items[0].At;
        var inRange = await OkAsync<PageDto<AuditDto>>(await ops.Client.GetAsync(
            $"{Ops}/audit?user_id={victim.Id}&from={Iso(at.AddSeconds(-1))}&to={Iso(at.AddSeconds(1))}", Ct));
        Assert.Equal(6, inRange.Total);
        var later = await OkAsync<PageDto<AuditDto>>(await ops.Client.GetAsync($"{Ops}/audit?user_id={victim.Id}&from={Iso(at.AddSeconds(1))}", Ct));
        Assert.Equal(0, later.Total);
        var earlier = await OkAsync<PageDto<AuditDto>>(await ops.Client.GetAsync($"{Ops}/audit?user_id={victim.Id}&to={Iso(at.AddSeconds(-1))}", Ct));
        Assert.Equal(0, earlier.Total);

        var everything = await AllAuditTextAsync();
        Assert.DoesNotContain(victim.Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong password!", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(victim.Tokens.RefreshToken, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_WithBadFilters_Is400()
    {
        var ops = await OpsAsync();
        foreach (var query in new[] { "type=' OR 1=1 --", "type=nonsense", "user_id=abc", "page=0", "page_size=101", "page_size=0", "from=yesterday", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z" })
        {
            var problem = await ProblemAsync(await ops.Client.GetAsync($"{Ops}/audit?{query}", Ct), 400);
            Assert.NotNull(problem.Errors);
        }
    }

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    protected static Guid SessionIdOf(string accessToken) => Tokens.SessionIdOf(accessToken);
}

[Trait("tier", "sqlite")]
public sealed class SecurityOpsTestsOnSqlite(SqliteApi fixture) : SecurityOpsTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class SecurityOpsTestsOnPostgres(PostgresApi fixture) : SecurityOpsTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class SecurityOpsTestsOnSqlServer(SqlServerApi fixture) : SecurityOpsTests(fixture), IClassFixture<SqlServerApi>;
