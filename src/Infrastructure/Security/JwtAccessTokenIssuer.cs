using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Domain.Users;

namespace Shop.Infrastructure.Security;

/// <summary>Access tokens: HS256 JWTs with <c>typ: at+jwt</c>, a <c>kid</c>, and the claims the contract names.</summary>
public sealed class JwtAccessTokenIssuer(SigningKeys keys, IOptions<JwtOptions> options) : IAccessTokenIssuer
{
    public const string TokenType = "at+jwt";
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials = new(keys.Active, Algorithm);

    public AccessToken Issue(Guid userId, Role role, Guid sessionId, DateTimeOffset now, DateTimeOffset sessionExpiresAt)
    {
        var jwt = options.Value;
        var expires = now + jwt.AccessTokenLifetime;
        if (expires > sessionExpiresAt)
        {
            expires = sessionExpiresAt; // an access token never outlives its session
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            TokenType = TokenType,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId.ToString(),
                [JwtRegisteredClaimNames.Sid] = sessionId.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.CreateVersion7(now).ToString(),
                ["role"] = role.ToName(),
            },
        };
        return new AccessToken(_handler.CreateToken(descriptor), expires);
    }

    /// <summary>The validation rules of the contract: one algorithm, <c>at+jwt</c>, issuer, audience,
    /// expiry (checked against <paramref name="time"/>), at most 30 s of skew.</summary>
    public static TokenValidationParameters ValidationParameters(SigningKeys keys, JwtOptions jwt, TimeProvider time) => new()
    {
        ValidIssuer = jwt.Issuer,
        ValidAudience = jwt.Audience,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKeys = keys.All,
        ValidAlgorithms = [Algorithm],
        ValidTypes = [TokenType],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        RequireAudience = true,
        ValidateLifetime = true,
        ClockSkew = JwtOptions.ClockSkew,
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } exp
                && exp > now - JwtOptions.ClockSkew
                && (notBefore is not { } nbf || nbf <= now + JwtOptions.ClockSkew);
        },
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = "role",
    };
}
