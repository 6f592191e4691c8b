namespace Shop.Application.Auth.Common;

/// <summary>The token response of the two-token design (serialised snake_case).</summary>
public sealed record TokenPair(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    string RefreshToken,
    int RefreshTokenExpiresIn);

public sealed record UserResponse(Guid Id, string Email, string FullName, string Role);
