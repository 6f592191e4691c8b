using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.Application.Common.Interfaces;
using Shop.WebApi.FunctionalTests.Infrastructure;
using Shop.WebApi.FunctionalTests.Shopping;

namespace Shop.WebApi.FunctionalTests.Operations;

/// <summary>
/// The benchmark seeds users, sessions and products with SQL straight into the migrated schema, with the
/// API's token-hash and email formats written out by hand (bench/sql). A migration or a format change that
/// breaks them fails here, not in the middle of a benchmark run.
/// </summary>
public abstract class BenchSeederTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private const string Password = "bench seeder password";

    [Fact]
    public async Task TheBenchmarkSeeders_WriteUsersSessionsAndProducts_TheApiServes()
    {
        var api = Api;
        var hash = api.Services.GetRequiredService<IPasswordHashing>().Hash(Password);
        var work = Directory.CreateTempSubdirectory("shop-bench-seed-").FullName;
        var customerTokens = Path.Combine(work, "customers.txt");
        try
        {
            await SeedAsync(api.Tier, hash, customerTokens);
            await TheApiServesWhatWasSeededAsync(customerTokens);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task TheApiServesWhatWasSeededAsync(string customerTokens)
    {
        var login = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = "bench-user-2@bench.local", password = Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        var seededToken = (await File.ReadAllLinesAsync(customerTokens, Ct)).First(l => l.Length > 0);
        var refreshed = await RefreshAsync(seededToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        var hot = await Anonymous().GetFromJsonAsync<PageDto<ProductDto>>("/api/v1/products?q=Bench%20hot%20product", Json, Ct);
        Assert.Equal(50, Assert.Single(hot!.Items).Stock);
        var all = await Anonymous().GetFromJsonAsync<PageDto<ProductDto>>("/api/v1/products?page_size=100", Json, Ct);
        Assert.InRange(all!.Total, 20, 40); // 40 seeded, one in twenty unpublished
    }

    private static async Task SeedAsync(DatabaseTier tier, string hash, string customerTokens)
    {
        var sql = Path.Combine(RepositoryRoot(), "bench", "sql");
        if (tier is SqliteTier)
        {
            Assert.SkipWhen(!OnPath("sqlite3"), "The benchmark seeders need the sqlite3 command (Debian package sqlite3; .ci/run installs it).");
            var file = new SqliteConnectionStringBuilder(tier.ConnectionString).DataSource;
            await RunAsync(Path.Combine(sql, "sqlite", "seed-auth.sh"), [file, hash, "3", "2", "2", customerTokens, customerTokens + ".victim"]);
            await RunAsync(Path.Combine(sql, "sqlite", "seed-products.sh"), [file, "40", "50"]);
            return;
        }

        Assert.SkipWhen(!OnPath("psql"), "The benchmark seeders need psql (Debian package postgresql-client).");
        var db = new NpgsqlConnectionStringBuilder(tier.ConnectionString);
        string[] connect = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", db.Host!, "-p", db.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", db.Username!, "-d", db.Database!];
        var env = new Dictionary<string, string> { ["PGPASSWORD"] = db.Password ?? "" };
        await RunAsync("psql", [.. connect, "-v", $"hash={hash}", "-v", "users=3", "-f", Path.Combine(sql, "postgres", "users.sql")], env);
        var tokens = await RunAsync("psql", [.. connect, "-At", "-v", "email=bench-user-%s@bench.local", "-v", "first=1", "-v", "count=2", "-f", Path.Combine(sql, "postgres", "sessions.sql")], env);
        await File.WriteAllTextAsync(customerTokens, tokens);
        await RunAsync("psql", [.. connect, "-v", "total=40", "-v", "hot_stock=50", "-f", Path.Combine(sql, "postgres", "products.sql")], env);
    }

    private static async Task<string> RunAsync(string command, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(command)} failed ({process.ExitCode}): {stderr}");
        return await stdout;
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, command)));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Shop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Shop.sln not found above " + AppContext.BaseDirectory);
    }
}

[Trait("tier", "sqlite")]
public sealed class BenchSeederTestsOnSqlite(SqliteApi fixture) : BenchSeederTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class BenchSeederTestsOnPostgres(PostgresApi fixture) : BenchSeederTests(fixture), IClassFixture<PostgresApi>;
