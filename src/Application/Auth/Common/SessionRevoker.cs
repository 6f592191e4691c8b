using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.Common;

/// <summary>
/// Set-based session revocation. Each method changes rows with one UPDATE and stages the matching
/// <see cref="Revocation"/> records on the context; the caller opens the transaction, adds what else
/// belongs to it (the audit entry), and ends with <see cref="CommitAsync"/>.
/// </summary>
public sealed class SessionRevoker(IShopDbContext db, IRevocationPublisher publisher)
{
    /// <summary>Saves what the context holds, commits, and only then makes the revocations take effect on
    /// access tokens (here at once, on other instances through the publisher): nothing is published for a
    /// change that rolled back.</summary>
    public async Task CommitAsync(IDbContextTransaction transaction, IReadOnlyCollection<Revocation> revocations, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await publisher.PublishAsync(revocations, ct);
    }

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

    /// <summary>The kill switch: revokes every live session of every user created before
    /// <paramref name="cutoff"/> with one statement, and cuts off every access token of such a session.</summary>
    public async Task<(int Count, Revocation Revocation)> RevokeAllCreatedBeforeAsync(DateTimeOffset cutoff, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var count = await db.Sessions
            .Where(s => s.CreatedAt < cutoff && s.RevokedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        var revocation = Revocation.Global(cutoff, now);
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
