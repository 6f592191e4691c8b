using System.Globalization;
using System.Net;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>The per-IP limit on /api/v1/auth/*, with a fixture of its own whose limit is low.</summary>
public abstract class AuthRateLimitTests(ApiFixture fixture) : SecurityTestBase(fixture)
{
    public const int Limit = 5;

    public static IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["RateLimit:AuthPerIpPerMinute"] = Limit.ToString(CultureInfo.InvariantCulture) };

    // One test only: every request of the fixture comes from the same test-server "IP", in one window.
    [Fact]
    public async Task TheAuthRoutes_Give429WithRetryAfterAndProblemDetails_PastTheLimitPerMinute_AndOtherRoutesDoNot()
    {
        for (var i = 0; i < Limit; i++)
        {
            // Different emails each time, so the per-email failed-login limit plays no part.
            var response = await PostJsonAsync(Anonymous(), "/api/v1/auth/login", new { email = NewEmail("rate"), password = "wrong password" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/refresh" })
        {
            var refused = await PostJsonAsync(Anonymous(), path, new { email = NewEmail("rate"), password = "wrong password", refresh_token = "x" });
            var problem = await ProblemAsync(refused, 429);
            Assert.Equal("Too many requests", problem.Title);
            var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
        }

        await ProblemAsync(await Anonymous().GetAsync("/api/v1/auth/me", Ct), 429);

        // Outside /api/v1/auth nothing is limited.
        for (var i = 0; i < Limit * 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/health/live", Ct)).StatusCode);
            await ProblemAsync(await Anonymous().GetAsync("/api/v1/admin/security/audit", Ct), 401);
        }
    }
}

public sealed class AuthRateLimitSettings : IApiSettings
{
    public static IReadOnlyDictionary<string, string?> Values => AuthRateLimitTests.Settings;
}

public sealed class RateLimitedSqliteApi : ApiFixture<SqliteTier, AuthRateLimitSettings>;

public sealed class RateLimitedPostgresApi : ApiFixture<PostgresTier, AuthRateLimitSettings>;

[Trait("tier", "sqlite")]
public sealed class AuthRateLimitTestsOnSqlite(RateLimitedSqliteApi fixture) : AuthRateLimitTests(fixture), IClassFixture<RateLimitedSqliteApi>;

[Trait("tier", "postgres")]
public sealed class AuthRateLimitTestsOnPostgres(RateLimitedPostgresApi fixture) : AuthRateLimitTests(fixture), IClassFixture<RateLimitedPostgresApi>;
