using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

/// <summary>
/// On PostgreSQL a rotation costs at most two round trips to the database: the read of the token with its
/// session and user, and one statement that consumes it, stores its successor and the session's last use.
/// Counted on the wire's terms by <see cref="DatabaseRoundTrips"/> for one real request.
/// </summary>
[Trait("tier", "postgres")]
public sealed class RefreshRoundTripTestsOnPostgres(PostgresApi fixture) : ApiTestBase(fixture), IClassFixture<PostgresApi>
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
}
