using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Common;

/// <summary>
/// Set-based session revocation. Each method changes rows with one UPDATE and stages the matching
/// <see cref="Revocation"/> records on the context; the caller opens the transaction, adds what else
/// belongs to it (the audit entry), and ends with <see cref="CommitAsync"/>.
/// Ending every session of a user changes the user's security stamp first: a login in flight (it read
/// the old stamp) then fails to store its session, and a session it stored just before is seen by the
/// session UPDATE that follows. Refresh refuses any session whose stamp is not its user's.
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
        var stamp = Guid.NewGuid();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, stamp), ct);
        return await EndAllOfUserAsync(userId, reason, now, ct);
    }

    /// <summary>The same for a user the caller has loaded and changes: the row is locked first, and the new
    /// stamp is saved with the caller's other changes to it.</summary>
    public async Task<(int Count, Revocation Revocation)> RevokeAllOfUserAsync(User user, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await LockUserRowAsync(user.Id, ct);
        user.ChangeSecurityStamp();
        return await EndAllOfUserAsync(user.Id, reason, now, ct);
    }

    private async Task<(int Count, Revocation Revocation)> EndAllOfUserAsync(Guid userId, string reason, DateTimeOffset now, CancellationToken ct)
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

    /// <summary>Revokes every live session of a user but one (after a password change), with one UPDATE and
    /// one per-user cut-off that spares the kept session; that session takes the user's new stamp.</summary>
    public async Task<(int Count, Revocation Revocation)> RevokeOthersAsync(User user, Guid keepSessionId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var userId = user.Id;
        await LockUserRowAsync(userId, ct);
        var stamp = user.ChangeSecurityStamp();
        await db.Sessions
            .Where(s => s.Id == keepSessionId && s.UserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SecurityStamp, stamp), ct);
        var count = await db.Sessions
            .Where(s => s.UserId == userId && s.Id != keepSessionId && s.RevokedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        var revocation = Revocation.OfUser(userId, now, keepSessionId);
        db.Revocations.Add(revocation);
        return (count, revocation);
    }

    /// <summary>
    /// Keeps a user at <paramref name="max"/> live sessions: ends the least recently used beyond that, and
    /// commits and publishes at once (a login calls it after its own session is stored).
    /// </summary>
    public async Task<int> EndLeastRecentlyUsedAsync(Guid userId, int max, DateTimeOffset now, CancellationToken ct)
    {
        var ids = await db.Sessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastUsedAt).ThenByDescending(s => s.Id)
            .Skip(max)
            .Select(s => s.Id)
            .ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }

        var revocations = new List<Revocation>();
        foreach (var id in ids)
        {
            revocations.AddRange(await RevokeSessionAsync(id, RevocationReason.SessionLimit, now, ct));
        }

        await db.SaveChangesAsync(ct);
        await publisher.PublishAsync(revocations, ct);
        return revocations.Count;
    }

    /// <summary>Takes the user's row lock before any session changes (a no-op UPDATE): a login storing its
    /// session waits for this transaction and then finds the stamp changed, or committed before it and its
    /// session is ended by the UPDATE that follows.</summary>
    private Task<int> LockUserRowAsync(Guid userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, x => x.SecurityStamp), ct);
}
