using Shop.Domain.Common;

namespace Shop.Domain.Auth;

/// <summary>One link of a session's rotation chain. Only the hash of the token value is kept.</summary>
public sealed class RefreshToken
{
    private RefreshToken() { } // for EF

    public Guid Id { get; private set; }
    public Guid SessionId { get; private set; }
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? ConsumedAt { get; private set; }
    public Guid? ReplacedById { get; private set; }

    internal static RefreshToken Issue(Guid id, Guid sessionId, string hash, DateTimeOffset now, DateTimeOffset expires)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hash);
        if (expires <= now)
        {
            throw new DomainException("A refresh token must expire in the future.");
        }

        return new RefreshToken
        {
            Id = id,
            SessionId = sessionId,
            TokenHash = hash,
            IssuedAt = now,
            ExpiresAt = expires,
        };
    }

    public bool IsConsumed => ConsumedAt is not null;

    public bool IsActive(DateTimeOffset now) => ConsumedAt is null && now < ExpiresAt;

    /// <summary>True while a repeat of this (already rotated) token is still a harmless race.</summary>
    public bool IsWithinGrace(DateTimeOffset now, TimeSpan grace) =>
        ConsumedAt is { } consumed && now - consumed <= grace && ReplacedById is not null;
}
