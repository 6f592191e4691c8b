using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Operations;

/// <summary>/health/ready follows the database: 503 while it is unreachable, 200 again once it answers.</summary>
public abstract class ReadinessTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task Ready_Is503WhileTheDatabaseIsUnreachable_And200WhenItReturns()
    {
        var client = Anonymous();
        var ready = await ReadyAsync(client);
        Assert.Equal((200, "healthy"), (ready.Code, ready.Status));
        Assert.Equal("healthy", ready.Checks["database"].Status);
        Assert.False(ready.Checks.ContainsKey("redis")); // not configured here

        var tier = (ICuttableTier)Api.Tier;
        await tier.CutAsync();
        try
        {
            var down = await WaitForAsync(client, 503, TimeSpan.FromSeconds(15));
            Assert.Equal("unhealthy", down.Status);
            Assert.Equal("unhealthy", down.Checks["database"].Status);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode); // the process is up
        }
        finally
        {
            await tier.RestoreAsync();
        }

        var back = await WaitForAsync(client, 200, TimeSpan.FromSeconds(30));
        Assert.Equal("healthy", back.Status);
    }

    private static async Task<ReadyReport> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready", Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ReadyReport>(Json, Ct))! with { Code = (int)response.StatusCode };
    }

    private static async Task<ReadyReport> WaitForAsync(HttpClient client, int code, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var report = await ReadyAsync(client);
            if (report.Code == code || clock.Elapsed > timeout)
            {
                Assert.Equal(code, report.Code);
                return report;
            }

            await Task.Delay(100, Ct);
        }
    }
}

public sealed class CuttableSqliteApi : ApiFixture<CuttableSqliteTier, DefaultSettings>;

public sealed class CuttablePostgresApi : ApiFixture<CuttablePostgresTier, DefaultSettings>;

[Trait("tier", "sqlite")]
public sealed class ReadinessTestsOnSqlite(CuttableSqliteApi fixture) : ReadinessTests(fixture), IClassFixture<CuttableSqliteApi>;

[Trait("tier", "postgres")]
public sealed class ReadinessTestsOnPostgres(CuttablePostgresApi fixture) : ReadinessTests(fixture), IClassFixture<CuttablePostgresApi>;
