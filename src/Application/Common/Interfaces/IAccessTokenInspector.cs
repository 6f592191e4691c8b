namespace Shop.Application.Common.Interfaces;

/// <summary>The session and user an access token belongs to.</summary>
public sealed record AccessTokenSubject(Guid SessionId, Guid UserId);

/// <summary>Reads a JWT access token that ops found somewhere it should not be.</summary>
public interface IAccessTokenInspector
{
    /// <summary>
    /// The token's session and user when its signature (by a key still listed), issuer, audience and type
    /// check out; expiry is not checked, since an expired token still names a session worth killing.
    /// Null for anything else, including opaque refresh tokens.
    /// </summary>
    Task<AccessTokenSubject?> ReadAsync(string token);
}
