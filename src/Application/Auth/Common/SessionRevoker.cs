using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Common;

/// <summary>
/// Set-based session revocation. Each method changes rows with one UPDATE and stages the matching
/// <see cref="Revocation"/> records on the context. It runs inside the command's unit of work
/// (<see cref="IUnitOfWork"/>), which saves them with the rest of the command (its audit entry) and, once
/// committed, makes them take effect on access tokens on every instance.
/// Ending every session of a user changes the user's security stamp first: a login in flight (it read
/// the old stamp) then fails to store its session, and a session it stored just before is seen by the
/// session UPDATE that follows. Refresh refuses any session whose stamp is not its user's.
/// </summary>
public sealed class SessionRevoker(IShopDbContext db, TimeProvider time)
{
    /// <summary>Revokes one session if it is still live; false if it was not (nothing changed).</summary>
    public async Task<bool> RevokeSessionAsync(Guid sessionId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var changed = await db.Sessions
            .Where(Session.LiveAt(now)).Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        if (changed == 0)
        {
            return false;
        }

        db.Revocations.Add(Revocation.OfSession(sessionId, now));
        return true;
    }

    /// <summary>Revokes every live session of a user with one statement, and cuts off every access
    /// token of a session created before now; returns how many sessions ended.</summary>
    public async Task<int> RevokeAllOfUserAsync(Guid userId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var stamp = Guid.NewGuid();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, stamp), ct);
        return await EndAllOfUserAsync(userId, reason, CutoffAfterLock(now), ct);
    }

    /// <summary>The same for a user the caller has loaded and changes: the row is locked first, and the new
    /// stamp is saved with the caller's other changes to it.</summary>
    public async Task<int> RevokeAllOfUserAsync(User user, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await LockUserRowAsync(user.Id, ct);
        user.ChangeSecurityStamp();
        return await EndAllOfUserAsync(user.Id, reason, CutoffAfterLock(now), ct);
    }

    /// <summary>Rows one statement of the kill switch changes: below the 5,000 row locks at which SQL Server
    /// escalates a statement to a table lock, so checkouts and logins go on while it runs.</summary>
    public const int KillSwitchBatch = 4000;

    /// <summary>The kill switch: revokes every live session of every user created at or before
    /// <paramref name="cutoff"/>, in set-based batches of <see cref="KillSwitchBatch"/>, and cuts off every access
    /// token of such a session at once (the global cut-off, in the same unit of work).</summary>
    public async Task<int> RevokeAllCreatedBeforeAsync(DateTimeOffset cutoff, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var count = 0;
        int changed;
        do
        {
            changed = await db.Sessions
                .Where(Session.LiveAt(now)).Where(Revocation.CutsOff(cutoff))
                .OrderBy(s => s.Id)
                .Take(KillSwitchBatch)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
            count += changed;
        }
        while (changed == KillSwitchBatch);

        db.Revocations.Add(Revocation.Global(cutoff, now));
        return count;
    }

    /// <summary>Revokes every live session of a user but one (after a password change), with one UPDATE and
    /// one per-user cut-off that spares the kept session; that session takes the user's new stamp.</summary>
    public async Task<int> RevokeOthersAsync(User user, Guid keepSessionId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var userId = user.Id;
        await LockUserRowAsync(userId, ct);
        now = CutoffAfterLock(now);
        var stamp = user.ChangeSecurityStamp();
        await db.Sessions
            .Where(s => s.Id == keepSessionId && s.UserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SecurityStamp, stamp), ct);
        var count = await db.Sessions
            .Where(Session.LiveAt(now)).Where(s => s.UserId == userId && s.Id != keepSessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        db.Revocations.Add(Revocation.OfUser(userId, now, keepSessionId));
        return count;
    }

    /// <summary>
    /// Keeps a user at <paramref name="max"/> live sessions: ends the least recently used beyond that (a
    /// login calls it after its own session is stored, and saves).
    /// </summary>
    public async Task<int> EndLeastRecentlyUsedAsync(Guid userId, int max, DateTimeOffset now, CancellationToken ct)
    {
        var ids = await db.Sessions
            .Where(Session.LiveAt(now)).Where(s => s.UserId == userId)
            .OrderByDescending(s => s.LastUsedAt).ThenByDescending(s => s.Id)
            .Skip(max)
            .Select(s => s.Id)
            .ToListAsync(ct);
        var ended = 0;
        foreach (var id in ids)
        {
            ended += await RevokeSessionAsync(id, RevocationReason.SessionLimit, now, ct) ? 1 : 0;
        }

        return ended;
    }

    /// <summary>The cut-off of a per-user revocation is taken once the user's row is locked: a login that stored
    /// its session before holds a time before it (so its access tokens are refused with the others), and one
    /// that tries after fails on the changed stamp.</summary>
    private DateTimeOffset CutoffAfterLock(DateTimeOffset now)
    {
        var later = time.GetUtcNow();
        return later > now ? later : now;
    }

    private async Task<int> EndAllOfUserAsync(Guid userId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var count = await db.Sessions
            .Where(Session.LiveAt(now)).Where(s => s.UserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        db.Revocations.Add(Revocation.OfUser(userId, now));
        return count;
    }

    /// <summary>Takes the user's row lock before any session changes (a no-op UPDATE): a login storing its
    /// session waits for this transaction and then finds the stamp changed, or committed before it and its
    /// session is ended by the UPDATE that follows.</summary>
    private Task<int> LockUserRowAsync(Guid userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, x => x.SecurityStamp), ct);
}
