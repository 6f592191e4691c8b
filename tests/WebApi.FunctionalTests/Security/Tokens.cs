using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>Access tokens made by hand, the way an attacker (or a rotated-out key) would make them.</summary>
public static class Tokens
{
    public static string Sign(
        string key,
        Guid userId,
        Guid? sessionId,
        DateTimeOffset now,
        string? kid = null,
        string issuer = "shop",
        string audience = "shop",
        string role = "customer")
    {
        var signingKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) { KeyId = kid };
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = userId.ToString(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
            ["role"] = role,
        };
        if (sessionId is { } sid)
        {
            claims[JwtRegisteredClaimNames.Sid] = sid.ToString();
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(30).UtcDateTime,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
            Claims = claims,
        });
    }

    public static Guid SessionIdOf(string accessToken) =>
        Guid.Parse(new JsonWebToken(accessToken).GetClaim(JwtRegisteredClaimNames.Sid).Value);

    public static string KeyIdOf(string accessToken) => new JsonWebToken(accessToken).Kid;
}
