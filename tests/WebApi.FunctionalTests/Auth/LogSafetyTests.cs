using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

/// <summary>After a full token flow, including failures, the log holds no password, token or JWT.</summary>
public abstract class LogSafetyTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task TheLog_NeverContainsAPasswordARefreshTokenOrAJwt()
    {
        const string password = "log-canary-passphrase-7731";
        var user = await NewCustomerAsync(password);
        await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "wrong-canary-password-9911" }, Ct);
        var refreshed = (await (await RefreshAsync(user.Tokens.RefreshToken)).Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
        await RefreshAsync("bogus-refresh-canary-4242");
        await Bearer(refreshed.AccessToken).GetAsync("/api/v1/auth/me?access_token=" + refreshed.AccessToken, Ct);
        await Bearer(refreshed.AccessToken).PostAsync("/api/v1/auth/logout", null, Ct);
        await Bearer(refreshed.AccessToken).GetAsync("/api/v1/auth/me", Ct);

        var log = Api.Log.All;

        Assert.Contains("/api/v1/auth/login", log); // the sink does see the requests
        Assert.DoesNotContain(password, log);
        Assert.DoesNotContain("wrong-canary-password-9911", log);
        Assert.DoesNotContain(user.Tokens.RefreshToken, log);
        Assert.DoesNotContain(refreshed.RefreshToken, log);
        Assert.DoesNotContain("bogus-refresh-canary-4242", log);
        Assert.DoesNotContain("eyJ", log);
    }

    [Fact]
    public void AFirstStart_OnAnEmptyDatabase_LogsNoError()
    {
        // The fixture's API started on a database with no table yet: migrations, the admin and the catalogue
        // were made then. An error in that log would read as a failed start to whoever runs it.
        Assert.Contains(Api.Log.Lines, line => line.Contains("Created the first admin account", StringComparison.Ordinal));
        Assert.Empty(Api.Log.Errors);
    }
}

[Trait("tier", "sqlite")]
public sealed class LogSafetyTestsOnSqlite(SqliteApi fixture) : LogSafetyTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class LogSafetyTestsOnPostgres(PostgresApi fixture) : LogSafetyTests(fixture), IClassFixture<PostgresApi>;
