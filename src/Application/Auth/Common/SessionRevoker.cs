using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.Common;

/// <summary>
/// Set-based session revocation. Each method changes rows with one UPDATE and stages the matching
/// <see cref="Revocation"/> records on the context; the caller saves them in the same transaction,
/// then hands them to <see cref="IRevocationPublisher"/>.
/// </summary>
public sealed class SessionRevoker(IShopDbContext db)
{
    /// <summary>Revokes one session if it is still live; returns what to publish (empty if nothing changed).</summary>
    public async Task<IReadOnlyList<Revocation>> RevokeSessionAsync(Guid sessionId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var changed = await db.Sessions
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        if (changed == 0)
        {
            return [];
        }

        var revocation = Revocation.OfSession(sessionId, now);
        db.Revocations.Add(revocation);
        return [revocation];
    }

    /// <summary>Revokes every live session of a user with one statement, and cuts off every access
    /// token of a session created before now.</summary>
    public async Task<(int Count, Revocation Revocation)> RevokeAllOfUserAsync(Guid userId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var count = await db.Sessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        var revocation = Revocation.OfUser(userId, now);
        db.Revocations.Add(revocation);
        return (count, revocation);
    }

    /// <summary>Revokes every live session of a user but one (after a password change).</summary>
    public async Task<IReadOnlyList<Revocation>> RevokeOthersAsync(Guid userId, Guid keepSessionId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var ids = await db.Sessions
            .Where(s => s.UserId == userId && s.Id != keepSessionId && s.RevokedAt == null && s.ExpiresAt > now)
            .Select(s => s.Id)
            .ToListAsync(ct);
        if (ids.Count == 0)
        {
            return [];
        }

        await db.Sessions
            .Where(s => ids.Contains(s.Id) && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        var revocations = ids.Select(id => Revocation.OfSession(id, now)).ToList();
        db.Revocations.AddRange(revocations);
        return revocations;
    }
}
