using Shop.Domain.Users;

namespace Shop.Application.Common.Interfaces;

public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>Signs access tokens (JWT, <c>typ: at+jwt</c>).</summary>
public interface IAccessTokenIssuer
{
    AccessToken Issue(Guid userId, Role role, Guid sessionId, DateTimeOffset now, DateTimeOffset sessionExpiresAt);
}

/// <summary>Makes and hashes opaque refresh tokens.</summary>
public interface IRefreshTokenFactory
{
    /// <summary>A new random token value (256 bits, base64url).</summary>
    string NewValue();

    /// <summary>The value that rotation gives after <paramref name="value"/>: derived with a server key,
    /// so a repeat within the grace window can be answered with the same successor without storing it.</summary>
    string SuccessorOf(string value);

    /// <summary>The successor as every listed signing key would derive it, the active key's first: during a
    /// rolling key change the first refresh may have run on an instance whose active key is another one.</summary>
    IReadOnlyList<string> SuccessorCandidatesOf(string value);

    /// <summary>The stored form of a token value (SHA-256, base64url).</summary>
    string Hash(string value);

    /// <summary>Constant-time check of a value against a stored hash.</summary>
    bool Matches(string value, string hash);
}
