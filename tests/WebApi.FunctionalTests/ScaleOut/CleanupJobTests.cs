using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Infrastructure.Cleanup;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.ScaleOut;

/// <summary>
/// The cleanup job deletes what expired and nothing else. The clock of this class's fixture travels 38 days,
/// so the class has a fixture of its own; a batch size of 2 makes every step run several batches.
/// </summary>
public abstract class CleanupJobTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private readonly Dictionary<Guid, List<Guid>> _sessions = [];

    public static readonly IReadOnlyDictionary<string, string?> CleanupSettings = new Dictionary<string, string?>
    {
        ["Cleanup:IntervalMinutes"] = "0", // the test runs the job itself
        ["Cleanup:BatchSize"] = "2",
        ["Cleanup:SessionRetentionDays"] = "30",
    };

    [Fact]
    public async Task RunOnce_DeletesExpiredTokensEndedSessionsAndOldRevocations_AndNothingElse()
    {
        // Day 0: three sessions that will have expired 31 days before the run, one revoked 38 days before it.
        var expiredLongAgo = new[] { await NewCustomerAsync(), await NewCustomerAsync(), await NewCustomerAsync() };
        var revokedLongAgo = await NewCustomerAsync();
        await LogoutAsync(revokedLongAgo);

        // Day 30: a session that expires on day 37, one day before the run; refreshed once, so it has a
        // consumed and a current refresh token, both expired by then.
        Api.Time.Advance(TimeSpan.FromDays(30));
        var recentlyExpired = await NewCustomerAsync();
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(recentlyExpired.Tokens.RefreshToken)).StatusCode);

        // Day 38 minus 2 h and minus 1 h: two revocations, one older than the revocation window
        // (access-token lifetime 30 min + skew 30 s + margin 1 h), one inside it.
        Api.Time.Advance(TimeSpan.FromDays(8) - TimeSpan.FromHours(2));
        var revokedTwoHoursAgo = await NewCustomerAsync();
        await LogoutAsync(revokedTwoHoursAgo);
        Api.Time.Advance(TimeSpan.FromHours(1));
        var revokedOneHourAgo = await NewCustomerAsync();
        await LogoutAsync(revokedOneHourAgo);

        // Day 38, the run: a live session (refreshed, so with a consumed token) and one revoked just now.
        Api.Time.Advance(TimeSpan.FromHours(1));
        var active = await NewCustomerAsync();
        var refreshed = await RefreshAsync(active.Tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var revokedNow = await NewCustomerAsync();
        await LogoutAsync(revokedNow);

        var everyone = expiredLongAgo.Concat([revokedLongAgo, recentlyExpired, revokedTwoHoursAgo, revokedOneHourAgo, active, revokedNow]);
        foreach (var user in everyone)
        {
            _sessions[user.Id] = await WithDbAsync(db => db.Sessions.Where(s => s.UserId == user.Id).Select(s => s.Id).ToListAsync(Ct));
        }

        var now = Api.Time.GetUtcNow();
        var usersBefore = await WithDbAsync(db => db.Users.CountAsync(Ct));
        var eventsBefore = await WithDbAsync(db => db.SecurityEvents.CountAsync(Ct));
        var revocationsBefore = await WithDbAsync(db => db.Revocations.Select(r => new { r.Id, r.CreatedAt }).ToListAsync(Ct));

        var report = await Api.Services.GetRequiredService<CleanupJob>().RunOnceAsync(Ct);

        // Sessions: the four that ended more than 30 days ago went, with their refresh tokens.
        foreach (var user in expiredLongAgo.Append(revokedLongAgo))
        {
            Assert.Equal(0, await SessionCountAsync(user));
            Assert.Equal(0, await TokenCountAsync(user));
        }

        // Expired one day ago: the session stays for ops, its expired tokens went.
        Assert.Equal(1, await SessionCountAsync(recentlyExpired));
        Assert.Equal(0, await TokenCountAsync(recentlyExpired));

        // Live and recently revoked sessions keep everything, consumed tokens included (reuse detection needs them).
        Assert.Equal(1, await SessionCountAsync(active));
        Assert.Equal(2, await TokenCountAsync(active));
        foreach (var user in new[] { revokedTwoHoursAgo, revokedOneHourAgo, revokedNow })
        {
            Assert.Equal(1, await SessionCountAsync(user));
            Assert.Equal(1, await TokenCountAsync(user));
        }

        // Revocations: the day-0 and the two-hours-old rows went; the one-hour-old and the new one stay.
        var window = TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(30) + TimeSpan.FromHours(1);
        var expectedLeft = revocationsBefore.Where(r => r.CreatedAt >= now - window).Select(r => r.Id).Order().ToList();
        Assert.Equal(2, expectedLeft.Count);
        Assert.Equal(expectedLeft, await WithDbAsync(db => db.Revocations.Select(r => r.Id).OrderBy(id => id).ToListAsync(Ct)));

        Assert.Equal(4, report["sessions"]);
        Assert.Equal(3 + 1 + 2, report["refresh_tokens"]); // expired with their sessions before those went, and day 30's two
        Assert.Equal(2, report["revocations"]);

        // Nothing else is touched: users and the audit log stay as they were.
        Assert.Equal(usersBefore, await WithDbAsync(db => db.Users.CountAsync(Ct)));
        Assert.Equal(eventsBefore, await WithDbAsync(db => db.SecurityEvents.CountAsync(Ct)));

        // A second run finds nothing left to delete.
        var again = await Api.Services.GetRequiredService<CleanupJob>().RunOnceAsync(Ct);
        Assert.All(new[] { "sessions", "refresh_tokens", "revocations" }, step => Assert.Equal(0, again[step]));

        // And the live session still works end to end.
        Assert.Equal(HttpStatusCode.OK, (await Bearer((await refreshed.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!.AccessToken)
            .GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    private async Task LogoutAsync(TestUser user) =>
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PostAsync("/api/v1/auth/logout", null, Ct)).StatusCode);

    private Task<int> SessionCountAsync(TestUser user) =>
        WithDbAsync(db => db.Sessions.CountAsync(s => s.UserId == user.Id, Ct));

    /// <summary>Refresh tokens of the sessions the user had before the run (they may be gone since).</summary>
    private Task<int> TokenCountAsync(TestUser user)
    {
        var ids = _sessions[user.Id];
        return WithDbAsync(db => db.RefreshTokens.CountAsync(t => ids.Contains(t.SessionId), Ct));
    }
}

public sealed class CleanupJobSettings : IApiSettings
{
    public static IReadOnlyDictionary<string, string?> Values => CleanupJobTests.CleanupSettings;
}

public sealed class CleanupSqliteApi : ApiFixture<SqliteTier, CleanupJobSettings>;

public sealed class CleanupPostgresApi : ApiFixture<PostgresTier, CleanupJobSettings>;

public sealed class CleanupSqlServerApi : ApiFixture<SqlServerTier, CleanupJobSettings>;

[Trait("tier", "sqlite")]
public sealed class CleanupJobTestsOnSqlite(CleanupSqliteApi fixture) : CleanupJobTests(fixture), IClassFixture<CleanupSqliteApi>;

[Trait("tier", "postgres")]
public sealed class CleanupJobTestsOnPostgres(CleanupPostgresApi fixture) : CleanupJobTests(fixture), IClassFixture<CleanupPostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class CleanupJobTestsOnSqlServer(CleanupSqlServerApi fixture) : CleanupJobTests(fixture), IClassFixture<CleanupSqlServerApi>;
