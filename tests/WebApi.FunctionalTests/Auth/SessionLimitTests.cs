using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Domain.Auth;
using Shop.WebApi.FunctionalTests.Infrastructure;
using Shop.WebApi.FunctionalTests.Security;

namespace Shop.WebApi.FunctionalTests.Auth;

/// <summary>
/// At most <c>Auth:MaxSessionsPerUser</c> live sessions (3 here): a new login ends the least recently used.
/// Both session lists are paged, and revoking many sessions of one user writes one revocation, not one per session.
/// </summary>
public abstract class SessionLimitTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private sealed record SessionDto(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, bool Current);

    [Fact]
    public async Task ANewLoginBeyondTheCap_EndsTheLeastRecentlyUsedSession()
    {
        var user = await NewCustomerAsync();                     // session 1
        var second = await LoginAsync(user.Email, user.Password);  // session 2
        var third = await LoginAsync(user.Email, user.Password);   // session 3
        Api.Time.Advance(TimeSpan.FromSeconds(1));
        var refreshedFirst = await RefreshAsync(user.Tokens.RefreshToken); // session 1 is now the most recently used
        Assert.Equal(HttpStatusCode.OK, refreshedFirst.StatusCode);
        Api.Time.Advance(TimeSpan.FromSeconds(1));

        var fourth = await LoginAsync(user.Email, user.Password);

        // Session 2 was the least recently used: it ended, access token included; the others work.
        await ProblemAsync(await RefreshAsync(second.RefreshToken), 401);
        await ProblemAsync(await Bearer(second.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(third.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(fourth.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Equal(3, await WithDbAsync(db => db.Sessions.CountAsync(s => s.UserId == user.Id && s.RevokedAt == null, Ct)));
        var secondId = Tokens.SessionIdOf(second.AccessToken);
        Assert.Equal(RevocationReason.SessionLimit, await WithDbAsync(db => db.Sessions
            .Where(s => s.Id == secondId).Select(s => s.RevokedReason).SingleAsync(Ct)));
    }

    [Fact]
    public async Task SessionLists_ArePaged()
    {
        var user = await NewCustomerAsync();
        await LoginAsync(user.Email, user.Password);
        var newest = await LoginAsync(user.Email, user.Password);
        var client = Bearer(newest.AccessToken);

        var first = (await client.GetFromJsonAsync<PageDto<SessionDto>>("/api/v1/auth/sessions?page=1&page_size=2", Json, Ct))!;
        var second = (await client.GetFromJsonAsync<PageDto<SessionDto>>("/api/v1/auth/sessions?page=2&page_size=2", Json, Ct))!;
        Assert.Equal((3, 2, 1), (first.Total, first.Items.Count, second.Items.Count));
        Assert.Equal(3, first.Items.Concat(second.Items).Select(s => s.Id).Distinct().Count());
        await ProblemAsync(await client.GetAsync("/api/v1/auth/sessions?page_size=101", Ct), 400);

        var admin = await AdminAsync();
        var ops = (await admin.Client.GetFromJsonAsync<PageDto<OpsSessionDto>>($"/api/v1/admin/security/users/{user.Id}/sessions?page_size=1", Json, Ct))!;
        Assert.Equal((3, 1), (ops.Total, ops.Items.Count));
    }

    [Fact]
    public async Task AChangeOfPassword_WritesOnePerUserRevocation_AndKeepsTheCallingSession()
    {
        var user = await NewCustomerAsync();
        var other = await LoginAsync(user.Email, user.Password);
        var third = await LoginAsync(user.Email, user.Password);
        var before = await WithDbAsync(db => db.Revocations.CountAsync(Ct));

        var changed = await user.Client.PostAsJsonAsync("/api/v1/auth/change-password",
            new { current_password = user.Password, new_password = "a brand new passphrase 42" }, Json, Ct);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        var rows = await WithDbAsync(db => db.Revocations.OrderBy(r => r.Id).Skip(before).ToListAsync(Ct));
        var row = Assert.Single(rows);
        Assert.Equal((RevocationKind.User, user.Id, Tokens.SessionIdOf(user.Tokens.AccessToken)), (row.Kind, row.SubjectId!.Value, row.ExceptSessionId!.Value));
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(user.Tokens.RefreshToken)).StatusCode);
        foreach (var ended in new[] { other, third })
        {
            await ProblemAsync(await Bearer(ended.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
            await ProblemAsync(await RefreshAsync(ended.RefreshToken), 401);
        }
    }
}

public sealed class SessionLimitSettings : IApiSettings
{
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?> { ["Auth:MaxSessionsPerUser"] = "3" };
}

public sealed class SessionLimitSqliteApi : ApiFixture<SqliteTier, SessionLimitSettings>;

public sealed class SessionLimitPostgresApi : ApiFixture<PostgresTier, SessionLimitSettings>;

public sealed class SessionLimitTestsOnSqlite(SessionLimitSqliteApi fixture) : SessionLimitTests(fixture), IClassFixture<SessionLimitSqliteApi>;

public sealed class SessionLimitTestsOnPostgres(SessionLimitPostgresApi fixture) : SessionLimitTests(fixture), IClassFixture<SessionLimitPostgresApi>;
