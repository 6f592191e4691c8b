using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Shop.Domain.Users;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Accounts;

/// <summary><c>dotnet Shop.WebApi.dll admin set-password &lt;email&gt;</c>, run as a real process on the fixture's
/// database while the API serves it, as an operator would on a server.</summary>
public abstract class AdminCommandLineTests(ApiFixture fixture) : AccountTestBase(fixture)
{
    private async Task<(int Exit, string Output, string Error)> RunAsync(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Shop.WebApi.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = Api.Tier.Provider;
        start.Environment["ConnectionStrings__Shop"] = Api.Tier.ConnectionString;
        start.Environment["Jwt__SigningKey"] = ShopApiFactory.SigningKey;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task SetPassword_CreatesTheAdmin_WhenNoAccountHasThatEmail_ReadingThePasswordFromStandardInput()
    {
        var email = NewEmail("rescued-admin");
        const string password = "rescued admin passphrase 7";

        var (exit, output, error) = await RunAsync(password + "\n", "admin", "set-password", email);

        Assert.True(exit == 0, error);
        Assert.Contains($"Created the admin {email}", output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal); // no web server
        var tokens = await LoginAsync(email, password);
        var me = await Bearer(tokens.AccessToken).GetAsync("/api/v1/auth/me", Ct);
        Assert.Contains("\"role\":\"admin\"", await me.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var userId = await WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        Assert.Contains(await AuditAsync(userId), e => e.Type == "password_reset");
    }

    [Fact]
    public async Task SetPassword_ForAnExistingAdmin_SetsIt_AndEndsTheirSessions_OnTheRunningApiToo()
    {
        var admin = await NewUserAsync(Role.Admin);
        const string password = "the admin's new passphrase";

        var (exit, _, error) = await RunAsync(password + "\n", "admin", "set-password", admin.Email);

        Assert.True(exit == 0, error);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await admin.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.True(DateTime.UtcNow < deadline, "the running API still accepts the admin's old access token");
            await Task.Delay(100, Ct);
        }

        await ProblemAsync(await RefreshAsync(admin.Tokens.RefreshToken), 401);
        await ProblemAsync(await PostLoginAsync(admin.Email, admin.Password), 401);
        await LoginAsync(admin.Email, password);
    }

    [Fact]
    public async Task SetPassword_RefusesAPasswordArgument_AWeakPassword_AndACustomersEmail()
    {
        var customer = await NewCustomerAsync();

        var extra = await RunAsync("", "admin", "set-password", NewEmail(), "a password as an argument");
        Assert.Equal(2, extra.Exit);
        Assert.Contains("usage: admin set-password <email>", extra.Error, StringComparison.Ordinal);

        var weak = await RunAsync("password\n", "admin", "set-password", NewEmail());
        Assert.Equal(2, weak.Exit);
        Assert.Contains("password", weak.Error, StringComparison.Ordinal);

        var notAdmin = await RunAsync("a perfectly fine passphrase\n", "admin", "set-password", customer.Email);
        Assert.Equal(1, notAdmin.Exit);
        await LoginAsync(customer.Email, customer.Password); // unchanged
    }
}

public sealed class AdminCommandLineTestsOnSqlite(SqliteApi fixture) : AdminCommandLineTests(fixture), IClassFixture<SqliteApi>;

public sealed class AdminCommandLineTestsOnPostgres(PostgresApi fixture) : AdminCommandLineTests(fixture), IClassFixture<PostgresApi>;
