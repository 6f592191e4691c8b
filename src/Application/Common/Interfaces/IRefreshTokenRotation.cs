using Shop.Domain.Auth;

namespace Shop.Application.Common.Interfaces;

/// <summary>
/// The write of a refresh-token rotation, as one atomic step: consume the presented token if nobody has
/// (a compare-and-set on its consumed time), and only then store its successor and the session's last-used
/// time. How that reaches the database is Infrastructure's business: one statement on PostgreSQL, a unit of
/// work elsewhere.
/// </summary>
public interface IRefreshTokenRotation
{
    /// <summary>
    /// True when this call consumed <paramref name="tokenId"/> (at <paramref name="now"/>, replaced by
    /// <paramref name="successor"/>) and stored <paramref name="successor"/> and <paramref name="session"/>'s
    /// last-used time with it; false, with nothing written, when another rotation had consumed it first.
    /// </summary>
    ValueTask<bool> TryRotateAsync(Guid tokenId, RefreshToken successor, Session session, DateTimeOffset now, CancellationToken cancellationToken);
}
