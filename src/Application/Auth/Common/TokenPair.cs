namespace Shop.Application.Auth.Common;

/// <summary>The token response of the two-token design, and when the session (so its refresh token) ends for good:
/// a browser's refresh cookie expires then.</summary>
public sealed record TokenPair(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    string RefreshToken,
    int RefreshTokenExpiresIn,
    DateTimeOffset SessionExpiresAt);

public sealed record UserResponse(Guid Id, string Email, string FullName, string Role);
