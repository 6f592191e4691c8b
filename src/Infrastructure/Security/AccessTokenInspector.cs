using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;

namespace Shop.Infrastructure.Security;

/// <summary>Validates a presented access token as the API does (keys, algorithm, type, issuer, audience), except for its expiry.</summary>
public sealed class AccessTokenInspector(SigningKeys keys, IOptions<JwtOptions> options, TimeProvider time) : IAccessTokenInspector
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<AccessTokenSubject?> ReadAsync(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return null; // not a JWT at all: an opaque refresh token, or junk
        }

        var parameters = JwtAccessTokenIssuer.ValidationParameters(keys, options.Value, time);
        parameters.ValidateLifetime = false;
        parameters.LifetimeValidator = null;
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid
            || !Guid.TryParse(result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sid)?.Value, out var sessionId)
            || !Guid.TryParse(result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var userId))
        {
            return null;
        }

        return new AccessTokenSubject(sessionId, userId);
    }
}
