using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>
/// The database goes away mid-run and comes back: login, refresh and writes answer 503 and issue nothing,
/// readiness says 503, revocations already known stay enforced, and everything works again afterwards
/// without a restart. Each tier has its own way of taking its database away; each class has its own fixture.
/// </summary>
public abstract class DatabaseOutageTests(ApiFixture fixture) : SecurityTestBase(fixture)
{
    protected abstract Task TakeDatabaseAwayAsync();

    protected abstract Task BringDatabaseBackAsync();

    [Fact]
    public async Task WhileTheDatabaseIsAway_LoginRefreshAndWritesAre503_RevocationsHold_ThenEverythingWorksAgain()
    {
        var user = await NewCustomerAsync();
        var ops = await OpsAsync();
        var loggedOut = await NewCustomerAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await loggedOut.Client.PostAsync("/api/v1/auth/logout", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/health/ready", Ct)).StatusCode);

        await TakeDatabaseAwayAsync();
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Anonymous().GetAsync("/health/ready", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/health/live", Ct)).StatusCode);

            var login = await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = user.Email, password = user.Password });
            await Unavailable(login);
            await Unavailable(await RefreshAsync(user.Tokens.RefreshToken));
            await Unavailable(await PostJsonAsync(Anonymous(), "/api/v1/auth/register", new { email = NewEmail(), password = "correct horse battery staple", full_name = "N" }));
            await Unavailable(await user.Client.GetAsync("/api/v1/auth/me", Ct));
            await Unavailable(await user.Client.PostAsync("/api/v1/auth/logout-all", null, Ct));
            await Unavailable(await ops.Client.PostAsync($"{Ops}/users/{user.Id}/revoke-sessions", null, Ct));

            // A revocation this instance already knows needs no database to be enforced.
            await ProblemAsync(await loggedOut.Client.GetAsync("/api/v1/auth/me", Ct), 401);
            await ProblemAsync(await Bearer("not-a-token").GetAsync("/api/v1/auth/me", Ct), 401);
        }
        finally
        {
            await BringDatabaseBackAsync();
        }

        var back = System.Diagnostics.Stopwatch.StartNew();
        var ready = false;
        for (var i = 0; i < 100 && !ready; i++)
        {
            ready = (await Anonymous().GetAsync("/health/ready", Ct)).StatusCode == HttpStatusCode.OK;
            if (!ready)
            {
                await Task.Delay(100, Ct); // waiting for the database to answer again, not for any expiry
            }
        }

        Assert.True(ready, "/health/ready did not come back");
        var line = $"{Api.Tier.Provider}: ready again {back.ElapsedMilliseconds} ms after the database came back";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);

        // Nothing was issued during the outage: the user still has the one session from before it.
        var sessions = await WithDbAsync(db => db.Sessions.CountAsync(s => s.UserId == user.Id, Ct));
        Assert.Equal(1, sessions);

        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(user.Tokens.RefreshToken)).StatusCode);
        await LoginAsync(user.Email, user.Password);
        await ProblemAsync(await loggedOut.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        var revoked = await OkAsync<RevokedDto>(await ops.Client.PostAsync($"{Ops}/users/{user.Id}/revoke-sessions", null, Ct));
        Assert.Equal(2, revoked.Revoked);
        await ProblemAsync(await user.Client.GetAsync("/api/v1/auth/me", Ct), 401);
    }

    private static async Task Unavailable(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, 503);
        Assert.Equal("Service unavailable", problem.Title);
        var body = await response.Content.ReadAsStringAsync(Ct);
        await AssertNoTokenIssuedAsync(response);
        foreach (var leak in new[] { "Exception", "Npgsql", "Sqlite", "SQLite", "   at " })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }
    }
}

/// <summary>SQLite: the database file is moved aside and a directory takes its name, so it can neither be opened nor re-created.</summary>
[Trait("tier", "sqlite")]
public sealed class DatabaseOutageTestsOnSqlite(SqliteApi fixture) : DatabaseOutageTests(fixture), IClassFixture<SqliteApi>
{
    private string DatabasePath => new SqliteConnectionStringBuilder(Api.Tier.ConnectionString).DataSource;

    protected override Task TakeDatabaseAwayAsync()
    {
        File.Move(DatabasePath, DatabasePath + ".away");

        // Between the move and the directory, the API may already have created an empty database at the path.
        for (var attempt = 0; !Directory.Exists(DatabasePath); attempt++)
        {
            try
            {
                File.Delete(DatabasePath);
                Directory.CreateDirectory(DatabasePath);
            }
            catch (IOException) when (attempt < 20)
            {
            }
        }

        return Task.CompletedTask;
    }

    protected override Task BringDatabaseBackAsync()
    {
        // The API keeps trying to open the path: once the directory is out of the way it may create an
        // empty database there before the real one is back, so the real one is moved over whatever is there.
        var gone = DatabasePath + ".gone";
        if (Directory.Exists(DatabasePath))
        {
            Directory.Move(DatabasePath, gone);
        }

        if (File.Exists(DatabasePath + ".away"))
        {
            File.Move(DatabasePath + ".away", DatabasePath, overwrite: true);
        }

        if (Directory.Exists(gone))
        {
            Directory.Delete(gone, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>PostgreSQL: the database stops accepting connections and its open ones are ended.</summary>
[Trait("tier", "postgres")]
public sealed class DatabaseOutageTestsOnPostgres(PostgresApi fixture) : DatabaseOutageTests(fixture), IClassFixture<PostgresApi>
{
    private string Database => new NpgsqlConnectionStringBuilder(Api.Tier.ConnectionString).Database!;

    protected override async Task TakeDatabaseAwayAsync()
    {
        await ExecuteAsync($"ALTER DATABASE \"{Database}\" ALLOW_CONNECTIONS false");
        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Database}' AND pid <> pg_backend_pid()");
        using var connection = new NpgsqlConnection(Api.Tier.ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    protected override Task BringDatabaseBackAsync() => ExecuteAsync($"ALTER DATABASE \"{Database}\" ALLOW_CONNECTIONS true");

    private static async Task ExecuteAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(DatabaseTier.PostgresServer);
        await admin.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
