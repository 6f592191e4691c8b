using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Shop.Infrastructure.Security;

/// <summary>
/// The claims every access token must carry to be accepted (<c>sid</c> and <c>sub</c> as ids, a <c>jti</c>):
/// one definition, read on every authenticated request before the revocation check. A token's shared
/// principal (<see cref="ReadOnlyClaimsPrincipal"/>) reads them once, when the token is first validated.
/// </summary>
public static class AccessTokenClaims
{
    /// <summary>The session and user the token speaks for; null when a required claim is missing or malformed.</summary>
    public static (Guid SessionId, Guid UserId)? Session(ClaimsPrincipal principal) =>
        principal is ReadOnlyClaimsPrincipal shared ? shared.Session : Read(principal);

    internal static (Guid SessionId, Guid UserId)? Read(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Sid)?.Value, out var sessionId)
        && Guid.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var userId)
        && principal.FindFirst(JwtRegisteredClaimNames.Jti) is not null
            ? (sessionId, userId)
            : null;
}
