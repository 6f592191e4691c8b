using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.Application.Common.Interfaces;
using Shop.Infrastructure.Persistence;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

/// <summary>
/// On PostgreSQL a rotation is the read of the token with its session and user, then one statement that
/// consumes it, stores its successor and the session's last use: two round trips, counted for one real request
/// by <see cref="DatabaseRoundTrips"/>. A rotation that meets a concurrent winner's row lock loses cleanly, and
/// the statement run again after its commit (a retry) answers as its first run did.
/// </summary>
[Trait("tier", "postgres")]
public sealed class RefreshRotationTestsOnPostgres(PostgresApi fixture) : ApiTestBase(fixture), IClassFixture<PostgresApi>
{
    [Fact]
    public async Task ARotation_TakesAtMostTwoRoundTrips_AndRotates()
    {
        var user = await NewCustomerAsync();
        var probe = Guid.NewGuid().ToString("N");
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(DatabaseRoundTrips.Header, probe);

        var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.Tokens.RefreshToken }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trips = Api.RoundTrips.Of(probe);
        TestContext.Current.TestOutputHelper?.WriteLine($"{trips.Count} round trips:\n" + string.Join('\n', trips));
        Assert.NotEmpty(trips);
        Assert.True(trips.Count <= 2, $"{trips.Count} round trips: {string.Join(" | ", trips)}");

        // and it rotated: the repeat within the grace window gets the same successor, which rotates on
        var successor = (await response.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!.RefreshToken;
        var repeat = await RefreshAsync(user.Tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(successor, (await repeat.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(successor)).StatusCode);
    }

    [Fact]
    public async Task ARotation_ThatWaitsOnAWinnersLock_WritesNothing_AndAnswersWithTheWinnersSuccessor()
    {
        var user = await NewCustomerAsync();
        var tokens = Api.Services.GetRequiredService<IRefreshTokenFactory>();
        var successorValue = tokens.SuccessorOf(user.Tokens.RefreshToken);

        // The winner, in a transaction of its own: it has consumed the token and stored the successor, not committed yet.
        await using var winner = new NpgsqlConnection(Api.Tier.ConnectionString);
        await winner.OpenAsync(Ct);
        await using var transaction = await winner.BeginTransactionAsync(Ct);
        await using (var rotate = new NpgsqlCommand(
            """
            WITH consumed AS (
                UPDATE refresh_tokens SET consumed_at = @now, replaced_by_id = @successor
                WHERE token_hash = @hash AND consumed_at IS NULL RETURNING session_id)
            INSERT INTO refresh_tokens (id, session_id, token_hash, issued_at, expires_at)
            SELECT @successor, s.id, @successor_hash, @now, s.expires_at FROM consumed JOIN sessions s ON s.id = consumed.session_id
            """, winner, transaction))
        {
            rotate.Parameters.AddWithValue("now", Api.Time.GetUtcNow());
            rotate.Parameters.AddWithValue("successor", Guid.CreateVersion7());
            rotate.Parameters.AddWithValue("hash", tokens.Hash(user.Tokens.RefreshToken));
            rotate.Parameters.AddWithValue("successor_hash", tokens.Hash(successorValue));
            Assert.Equal(1, await rotate.ExecuteNonQueryAsync(Ct));
        }

        // The request reads the token as not consumed yet, and its statement waits for the winner's row lock.
        var refresh = RefreshAsync(user.Tokens.RefreshToken);
        await WaitUntilTheRequestWaitsOnALockAsync();
        await transaction.CommitAsync(Ct);

        var response = await refresh;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(successorValue, (await response.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!.RefreshToken);
        var chain = await WithDbAsync(async db =>
        {
            var sessionId = await db.Sessions.Where(s => s.UserId == user.Id && s.RevokedAt == null).Select(s => s.Id).SingleAsync(Ct);
            return await db.RefreshTokens.Where(t => t.SessionId == sessionId).ToListAsync(Ct);
        });
        Assert.Equal(2, chain.Count); // the original and the winner's successor: the loser stored none
        Assert.Single(chain, t => t.ConsumedAt is null);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(successorValue)).StatusCode);
    }

    [Fact]
    public async Task TheRotationStatement_RunAgainAfterItsCommit_AnswersAsTheFirstRun_AndStoresNothingTwice()
    {
        // What the execution strategy does when a failure hid the commit: it runs the same statement again.
        var user = await NewCustomerAsync();
        var tokens = Api.Services.GetRequiredService<IRefreshTokenFactory>();
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var rotation = scope.ServiceProvider.GetRequiredService<IRefreshTokenRotation>();
        var token = await db.RefreshTokens.AsNoTracking().SingleAsync(t => t.TokenHash == tokens.Hash(user.Tokens.RefreshToken), Ct);
        var session = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == token.SessionId, Ct);
        var now = Api.Time.GetUtcNow();
        var successor = session.IssueRefreshToken(Guid.CreateVersion7(), tokens.Hash(tokens.SuccessorOf(user.Tokens.RefreshToken)), now);

        Assert.True(await rotation.TryRotateAsync(token.Id, successor, session, now, Ct));
        Assert.True(await rotation.TryRotateAsync(token.Id, successor, session, now, Ct)); // the same rotation, again

        var other = session.IssueRefreshToken(Guid.CreateVersion7(), tokens.Hash(tokens.NewValue()), now);
        Assert.False(await rotation.TryRotateAsync(token.Id, other, session, now, Ct)); // another one lost long ago
        var chain = await db.RefreshTokens.AsNoTracking().Where(t => t.SessionId == session.Id).ToListAsync(Ct);
        Assert.Equal(2, chain.Count);
        Assert.Equal(successor.Id, Assert.Single(chain, t => t.Id == token.Id).ReplacedById);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(tokens.SuccessorOf(user.Tokens.RefreshToken))).StatusCode);
    }

    private async Task WaitUntilTheRequestWaitsOnALockAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(Api.Tier.ConnectionString).Database;
        await using var admin = new NpgsqlConnection(DatabaseTier.PostgresServer);
        await admin.OpenAsync(Ct);
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(20); waited += TimeSpan.FromMilliseconds(20))
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = @database AND wait_event_type = 'Lock'", admin);
            command.Parameters.AddWithValue("database", database!);
            if ((long)(await command.ExecuteScalarAsync(Ct))! > 0)
            {
                return;
            }

            await Task.Delay(20, Ct);
        }

        Assert.Fail("the request never waited on the winner's lock");
    }
}
