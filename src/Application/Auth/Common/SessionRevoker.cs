using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.Common;

/// <summary>
/// Set-based session revocation. Each method changes rows with one UPDATE and stages the matching
/// <see cref="Revocation"/> records on the context. It runs inside the command's unit of work
/// (<see cref="IUnitOfWork"/>), which saves them with the rest of the command (its audit entry) and, once
/// committed, makes them take effect on access tokens on every instance.
/// </summary>
public sealed class SessionRevoker(IShopDbContext db)
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
    /// token of a session created before now.</summary>
    public async Task<int> RevokeAllOfUserAsync(Guid userId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var count = await db.Sessions
            .Where(Session.LiveAt(now)).Where(s => s.UserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        db.Revocations.Add(Revocation.OfUser(userId, now));
        return count;
    }

    /// <summary>The kill switch: revokes every live session of every user created before
    /// <paramref name="cutoff"/> with one statement, and cuts off every access token of such a session.</summary>
    public async Task<int> RevokeAllCreatedBeforeAsync(DateTimeOffset cutoff, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var count = await db.Sessions
            .Where(Session.LiveAt(now)).Where(Revocation.CutsOff(cutoff))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        db.Revocations.Add(Revocation.Global(cutoff, now));
        return count;
    }

    /// <summary>Revokes every live session of a user but one (after a password change); returns how many.</summary>
    public async Task<int> RevokeOthersAsync(Guid userId, Guid keepSessionId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var ids = await db.Sessions
            .Where(Session.LiveAt(now)).Where(s => s.UserId == userId && s.Id != keepSessionId)
            .Select(s => s.Id)
            .ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }

        await db.Sessions
            .Where(Session.LiveAt(now)).Where(s => ids.Contains(s.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        db.Revocations.AddRange(ids.Select(id => Revocation.OfSession(id, now)));
        return ids.Count;
    }
}
