using System.Linq.Expressions;
using Shop.Domain.Common;

namespace Shop.Domain.Auth;

/// <summary>One login on one device. Its refresh tokens rotate; its absolute lifetime never grows.</summary>
public sealed class Session
{
    public const int MaxUserAgentLength = 512;
    public const int MaxIpLength = 64;

    /// <summary>Live: neither revoked nor past its absolute end.</summary>
    private static readonly Rule<Session, DateTimeOffset> Live = new((s, now) => s.RevokedAt == null && s.ExpiresAt > now);

    private Session() { } // for EF

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastUsedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public string? RevokedReason { get; private set; }
    public string? Ip { get; private set; }
    public string? UserAgent { get; private set; }

    /// <summary>The user's security stamp when the session started; the session works only while it matches.</summary>
    public Guid SecurityStamp { get; private set; }

    /// <param name="id">A time-ordered id made at <paramref name="now"/> (<see cref="UuidV7"/>, either layout); a new version-7 id when null.</param>
    public static Session Start(Guid userId, DateTimeOffset now, TimeSpan lifetime, string? ip, string? userAgent, Guid securityStamp = default, Guid? id = null)
    {
        if (id is { } given && UuidV7.Timestamp(given).ToUnixTimeMilliseconds() != now.ToUnixTimeMilliseconds())
        {
            throw new ArgumentException("A session id carries its creation time.", nameof(id));
        }

        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime));
        }

        return new Session
        {
            // Version 7: the id carries the creation time, so a "not before" cut-off can be checked
            // against an access token's sid without a database lookup.
            Id = id ?? UuidV7.New(now),
            UserId = userId,
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = now + lifetime,
            Ip = Truncate(ip, MaxIpLength),
            UserAgent = Truncate(userAgent, MaxUserAgentLength),
            SecurityStamp = securityStamp,
        };
    }

    /// <summary>The sessions live at <paramref name="now"/>, for a query.</summary>
    public static Expression<Func<Session, bool>> LiveAt(DateTimeOffset now) => Live.At(now);

    public bool IsLiveAt(DateTimeOffset now) => Live.IsSatisfiedBy(this, now);

    /// <summary>Issues a refresh token that ends with the session, never later.</summary>
    public RefreshToken IssueRefreshToken(Guid tokenId, string tokenHash, DateTimeOffset now)
    {
        if (!IsLiveAt(now))
        {
            throw new DomainException("An inactive session issues no tokens.");
        }

        LastUsedAt = now;
        return RefreshToken.Issue(tokenId, Id, tokenHash, now, ExpiresAt);
    }

    public void Touch(DateTimeOffset now)
    {
        if (now > LastUsedAt)
        {
            LastUsedAt = now;
        }
    }

    private static string? Truncate(string? value, int max) =>
        value is null ? null : value.Length <= max ? value : value[..max];
}
