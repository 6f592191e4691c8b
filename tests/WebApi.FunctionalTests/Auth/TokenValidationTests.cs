using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

/// <summary>Access tokens as an attacker would forge or replay them: every one must get 401.</summary>
public abstract class TokenValidationTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task AGenuineToken_IsAccepted_SoTheForgeriesBelowFailForTheirOwnReason()
    {
        var user = await NewCustomerAsync();
        var forged = Sign(Claims(user), ShopApiFactory.SigningKey);

        Assert.Equal(HttpStatusCode.OK, (await Bearer(forged).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task AnAcceptedToken_WithOneCharacterOfItsSignatureChanged_IsRefused()
    {
        var user = await NewCustomerAsync();
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        var token = user.Tokens.AccessToken;
        var last = token[^2] == 'A' ? 'B' : 'A'; // the last character may carry only padding bits
        var altered = token[..^2] + last + token[^1];

        await ProblemAsync(await Bearer(altered).GetAsync("/api/v1/auth/me", Ct), 401);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task AlgNone_IsRefused()
    {
        var user = await NewCustomerAsync();
        var header = Base64Url(new JsonObject { ["alg"] = "none", ["typ"] = "at+jwt" });
        var token = $"{header}.{Base64Url(Claims(user))}.";

        await ProblemAsync(await Bearer(token).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task AnotherAlgorithm_WithTheRightKey_IsRefused()
    {
        var user = await NewCustomerAsync();
        var token = Sign(Claims(user), ShopApiFactory.SigningKey, SecurityAlgorithms.HmacSha384);

        await ProblemAsync(await Bearer(token).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task TheWrongKey_IsRefused()
    {
        var user = await NewCustomerAsync();
        var token = Sign(Claims(user), "an-attackers-own-key-that-is-long-enough-0123456789");

        await ProblemAsync(await Bearer(token).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task ATamperedPayload_IsRefused()
    {
        var user = await NewCustomerAsync();
        var parts = user.Tokens.AccessToken.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!;
        payload["role"] = "admin";
        var tampered = $"{parts[0]}.{Base64Url(payload)}.{parts[2]}";

        await ProblemAsync(await Bearer(tampered).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task TheWrongAudience_IsRefused()
    {
        var user = await NewCustomerAsync();
        var claims = Claims(user);
        claims["aud"] = "another-api";

        await ProblemAsync(await Bearer(Sign(claims, ShopApiFactory.SigningKey)).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task TheWrongIssuer_IsRefused()
    {
        var user = await NewCustomerAsync();
        var claims = Claims(user);
        claims["iss"] = "evil";

        await ProblemAsync(await Bearer(Sign(claims, ShopApiFactory.SigningKey)).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task ATokenWithoutExpiry_IsRefused()
    {
        var user = await NewCustomerAsync();
        var claims = Claims(user);
        claims.Remove("exp");

        await ProblemAsync(await Bearer(Sign(claims, ShopApiFactory.SigningKey)).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task AnExpiredToken_IsRefused()
    {
        var user = await NewCustomerAsync();
        var claims = Claims(user);
        var past = Api.Time.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds();
        claims["iat"] = past - 1800;
        claims["nbf"] = past - 1800;
        claims["exp"] = past;

        await ProblemAsync(await Bearer(Sign(claims, ShopApiFactory.SigningKey)).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task TypJwt_IsRefused_OnlyAtJwtIsAnAccessToken()
    {
        var user = await NewCustomerAsync();
        var token = Sign(Claims(user), ShopApiFactory.SigningKey, typ: "JWT");

        await ProblemAsync(await Bearer(token).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task ARefreshToken_SentAsBearer_IsRefused()
    {
        var user = await NewCustomerAsync();

        await ProblemAsync(await Bearer(user.Tokens.RefreshToken).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task ATokenInTheQueryString_IsIgnored()
    {
        var user = await NewCustomerAsync();

        var response = await Anonymous().GetAsync($"/api/v1/auth/me?access_token={user.Tokens.AccessToken}", Ct);

        await ProblemAsync(response, 401);
    }

    [Fact]
    public async Task ATokenWithoutASession_IsRefused()
    {
        var user = await NewCustomerAsync();
        var claims = Claims(user);
        claims.Remove("sid");
        var token = Sign(claims, ShopApiFactory.SigningKey);

        // Its signature is genuine, so the handler remembers it: the claims are checked again the second time.
        await ProblemAsync(await Bearer(token).GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await Bearer(token).GetAsync("/api/v1/auth/me", Ct), 401);
    }

    [Fact]
    public async Task AnAcceptedToken_IsReadFromTheHeaderTheSameWay_TheFirstTimeAndAfter()
    {
        var user = await NewCustomerAsync();
        var token = user.Tokens.AccessToken;

        for (var time = 0; time < 2; time++)
        {
            Assert.Equal(HttpStatusCode.OK, (await WithAuthorization($"bearer   {token}  ").GetAsync("/api/v1/auth/me", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await WithAuthorization($"BEARER {token}").GetAsync("/api/v1/auth/me", Ct)).StatusCode);
            await ProblemAsync(await WithAuthorization($"Bearer {token} x").GetAsync("/api/v1/auth/me", Ct), 401);
            await ProblemAsync(await WithAuthorization($"Bearer{token}").GetAsync("/api/v1/auth/me", Ct), 401);
            await ProblemAsync(await WithAuthorization($"Basic {token}").GetAsync("/api/v1/auth/me", Ct), 401);
            await ProblemAsync(await WithAuthorization(token).GetAsync("/api/v1/auth/me", Ct), 401);
        }
    }

    [Fact]
    public async Task IssuedTokens_CarryTheContractsHeaderAndClaims()
    {
        var user = await NewCustomerAsync();
        var jwt = new JsonWebToken(user.Tokens.AccessToken);

        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.False(string.IsNullOrEmpty(jwt.Kid));
        Assert.Equal(user.Id.ToString(), jwt.Subject);
        Assert.Equal("customer", jwt.GetClaim("role").Value);
        foreach (var claim in new[] { "sid", "jti", "iat", "exp", "iss", "aud" })
        {
            Assert.True(jwt.TryGetClaim(claim, out _), $"missing claim {claim}");
        }

        Assert.Equal(1800, (jwt.ValidTo - jwt.IssuedAt).TotalSeconds);
    }

    /// <summary>The claims of the user's genuine token, to be altered one at a time.</summary>
    private static JsonObject Claims(TestUser user) =>
        JsonNode.Parse(Base64UrlEncoder.Decode(user.Tokens.AccessToken.Split('.')[1]))!.AsObject();

    private static string Sign(JsonObject claims, string key, string algorithm = SecurityAlgorithms.HmacSha256, string typ = "at+jwt")
    {
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm);
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(claims.ToJsonString(), credentials, new Dictionary<string, object> { ["typ"] = typ });
    }

    private static string Base64Url(JsonNode node) => Base64UrlEncoder.Encode(node.ToJsonString());

    private HttpClient WithAuthorization(string header)
    {
        var client = Anonymous();
        Assert.True(client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header));
        return client;
    }
}

[Trait("tier", "sqlite")]
public sealed class TokenValidationTestsOnSqlite(SqliteApi fixture) : TokenValidationTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class TokenValidationTestsOnPostgres(PostgresApi fixture) : TokenValidationTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class TokenValidationTestsOnSqlServer(SqlServerApi fixture) : TokenValidationTests(fixture), IClassFixture<SqlServerApi>;
