using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Domain.Auth;
using Shop.Domain.Common;
using Shop.Domain.Users;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>
/// Logins racing a revocation, the way the attack was found: <see cref="Racers"/> threads log in with the
/// victim's password in a loop while the revoking call is made. Every token pair from a login that began
/// before the revoking call was sent (for a password change or a lock: every successful login) must be dead afterwards (access token and refresh token), also once the
/// in-memory cut-offs are pruned (the clock moves past an access-token lifetime), and after an unlock.
/// In a class of its own: it moves the fixture's clock.
/// </summary>
public abstract class LoginRaceTests(ApiFixture fixture) : SecurityTestBase(fixture)
{
    public const int Racers = 4;
    public const int Rounds = 3;

    public enum Revoker
    {
        ChangePassword,
        LogoutAll,
        OpsRevokeSessions,
        Lock,
        RoleChange,
        KillSwitch,
    }

    [Theory]
    [InlineData(Revoker.ChangePassword)]
    [InlineData(Revoker.LogoutAll)]
    [InlineData(Revoker.OpsRevokeSessions)]
    [InlineData(Revoker.Lock)]
    [InlineData(Revoker.RoleChange)]
    [InlineData(Revoker.KillSwitch)]
    public async Task NoLoginThatBeganBeforeARevocation_YieldsASessionThatWorksAfterIt(Revoker revoker)
    {
        var raced = new List<TokenDto>();
        var victims = new List<TestUser>();
        for (var round = 0; round < Rounds; round++)
        {
            var victim = await NewCustomerAsync();
            victims.Add(victim);
            raced.AddRange(await RaceOneRoundAsync(victim, revoker));
        }

        var survivors = await SurvivorsAsync(raced);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{revoker}: {Rounds} rounds of {Racers} racing logins; {raced.Count} logins began before the revoking call and succeeded; {survivors} of them still work");
        Assert.True(raced.Count >= Rounds, $"{revoker}: the logins did not race the revocation ({raced.Count} began before it)");
        Assert.True(survivors == 0, $"{revoker}: {raced.Count} raced logins, {survivors} survivors");

        // For good: once the in-memory cut-offs are pruned (one access-token lifetime later) the raced
        // refresh tokens are still refused, and unlocking the user does not bring them back.
        Api.Time.Advance(TimeSpan.FromMinutes(31));
        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // the revocation poll prunes with the moved clock
        if (revoker == Revoker.Lock)
        {
            var ops = await OpsAsync();
            foreach (var victim in victims)
            {
                await OkAsync<LockDto>(await ops.Client.PostAsync($"{Ops}/users/{victim.Id}/unlock", null, Ct));
            }
        }

        var later = await SurvivorsAsync(raced);
        Assert.True(later == 0, $"{revoker}, an access-token lifetime later: {raced.Count} raced logins, {later} survivors");
    }

    /// <summary>One round: racers log in until the revoking call is done and each has finished a login
    /// begun after it; returns the token pairs of the logins that began before the call was sent.</summary>
    private async Task<List<TokenDto>> RaceOneRoundAsync(TestUser victim, Revoker revoker)
    {
        var actor = revoker switch
        {
            Revoker.OpsRevokeSessions or Revoker.Lock or Revoker.KillSwitch => await OpsAsync(),
            Revoker.RoleChange => await AdminAsync(),
            _ => victim,
        };

        var before = new ConcurrentBag<TokenDto>();
        var completed = 0;
        var revokeSent = false;
        var revokeDone = false;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var afterRevoke = new int[Racers];

        var racers = Enumerable.Range(0, Racers).Select(i => Task.Run(async () =>
        {
            using var client = Anonymous();
            while (!stop.IsCancellationRequested && afterRevoke[i] < 1)
            {
                var begunBefore = !Volatile.Read(ref revokeSent);
                var begunAfterDone = Volatile.Read(ref revokeDone);
                var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = victim.Email, password = victim.Password }, Ct);
                Interlocked.Increment(ref completed);
                if (begunAfterDone)
                {
                    afterRevoke[i]++;
                }

                // A login with the old password, or of a locked user, that succeeded at all read the user
                // before the revocation committed; for the others, only those begun before the call count
                // (a login begun after a logout-all may rightly work).
                if (response.StatusCode == HttpStatusCode.OK && (begunBefore || revoker is Revoker.ChangePassword or Revoker.Lock))
                {
                    before.Add((await response.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!);
                }
            }
        }, Ct)).ToList();

        // Revoke while logins are in flight: after the first ones have finished, so the next are mid-hash.
        while (Volatile.Read(ref completed) < Racers && !stop.IsCancellationRequested)
        {
            await Task.Delay(10, Ct);
        }

        var issuedBefore = Api.Time.GetUtcNow();
        Volatile.Write(ref revokeSent, true);
        var response = await RevokeAsync(revoker, victim, actor, issuedBefore);
        Assert.True((int)response.StatusCode is 200 or 204, $"{revoker}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Volatile.Write(ref revokeDone, true);
        await Task.WhenAll(racers);
        Assert.False(stop.IsCancellationRequested, "the racing logins did not finish in time");

        // A password change or a lock refuses every later login too, so every success counts. The others end
        // what was issued before their moment: a login sent before the call but served after it (its session,
        // dated when it is stored, carries a later time in its sid) is rightly alive.
        if (revoker is Revoker.ChangePassword or Revoker.Lock)
        {
            return [.. before];
        }

        var cutoff = revoker == Revoker.KillSwitch
            ? issuedBefore
            : (await WithDbAsync(db => db.Revocations.AsNoTracking()
                .Where(r => r.Kind == RevocationKind.User && r.SubjectId == victim.Id)
                .Select(r => r.Cutoff)
                .ToListAsync(Ct))).Max();
        return [.. before.Where(pair => SessionCreatedAt(pair.AccessToken) <= cutoff)];
    }

    /// <summary>When the session of an access token was created: the time its sid (a time-ordered id) carries.</summary>
    private static DateTimeOffset SessionCreatedAt(string accessToken)
    {
        var payload = accessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var claims = JsonDocument.Parse(Convert.FromBase64String(payload));
        return UuidV7.Timestamp(Guid.Parse(claims.RootElement.GetProperty("sid").GetString()!));
    }

    private Task<HttpResponseMessage> RevokeAsync(Revoker revoker, TestUser victim, TestUser actor, DateTimeOffset issuedBefore) => revoker switch
    {
        Revoker.ChangePassword => PostJsonAsync(actor.Client, "/api/v1/auth/change-password",
            new { current_password = victim.Password, new_password = "a brand new passphrase 42" }),
        Revoker.LogoutAll => actor.Client.PostAsync("/api/v1/auth/logout-all", null, Ct),
        Revoker.OpsRevokeSessions => actor.Client.PostAsync($"{Ops}/users/{victim.Id}/revoke-sessions", null, Ct),
        Revoker.Lock => PostJsonAsync(actor.Client, $"{Ops}/users/{victim.Id}/lock",
            new { until = Api.Time.GetUtcNow().AddMinutes(10), reason = "race test" }),
        Revoker.RoleChange => actor.Client.PutAsJsonAsync($"/api/v1/admin/users/{victim.Id}/role", new { role = Roles.Ops }, Json, Ct),
        Revoker.KillSwitch => PostJsonAsync(actor.Client, $"{Ops}/revoke-all", new { issued_before = issuedBefore }),
        _ => throw new ArgumentOutOfRangeException(nameof(revoker)),
    };

    /// <summary>How many of the token pairs still work: the access token on /auth/me, or the refresh token.</summary>
    private async Task<int> SurvivorsAsync(IEnumerable<TokenDto> pairs)
    {
        var survivors = new List<string>();
        foreach (var pair in pairs)
        {
            var me = await Bearer(pair.AccessToken).GetAsync("/api/v1/auth/me", Ct);
            var refresh = await RefreshAsync(pair.RefreshToken);
            if (me.StatusCode != HttpStatusCode.Unauthorized || refresh.StatusCode != HttpStatusCode.Unauthorized)
            {
                survivors.Add($"me {(int)me.StatusCode}, refresh {(int)refresh.StatusCode}");
            }
        }

        if (survivors.Count > 0)
        {
            TestContext.Current.TestOutputHelper?.WriteLine("survivors: " + string.Join("; ", survivors));
        }

        return survivors.Count;
    }
}

public sealed class LoginRaceTestsOnSqlite(SqliteApi fixture) : LoginRaceTests(fixture), IClassFixture<SqliteApi>;

public sealed class LoginRaceTestsOnPostgres(PostgresApi fixture) : LoginRaceTests(fixture), IClassFixture<PostgresApi>;
