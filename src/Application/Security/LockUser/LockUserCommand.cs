using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Security.LockUser;

/// <summary>Where a user's lock stands after an ops action, and how many sessions it ended.</summary>
public sealed record UserLockResponse(Guid Id, string Email, DateTimeOffset? LockedUntil, string? LockReason, int SessionsRevoked);

/// <summary>Ops lock a user until a time: login and refresh are refused, and every session ends at once.</summary>
public sealed record LockUserCommand(Guid UserId, DateTimeOffset? Until, string? Reason) : ICommand<UserLockResponse>;

public sealed class LockUserCommandHandler(
    IShopDbContext db,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<LockUserCommand, UserLockResponse>
{
    public async ValueTask<UserLockResponse> Handle(LockUserCommand command, CancellationToken cancellationToken)
    {
        var actorId = caller.RequireUserId();
        if (command.UserId == actorId)
        {
            // The last admin could otherwise shut everyone out; another admin or ops locks this account.
            throw new ConflictException("You cannot lock your own account.");
        }

        await db.EnsureMayActOnAsync(actorId, command.UserId, cancellationToken);
        var now = time.GetUtcNow();

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw UserLookup.UserNotFound();
        if (user.Role == Role.Admin)
        {
            // Locks of admins queue up behind each other (every admin row is touched first), so two admins
            // locking each other at once cannot both see "another unlocked admin is left".
            await db.Users.Where(u => u.Role == Role.Admin)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, u => u.Role), cancellationToken);
            var othersUnlocked = await db.Users.CountAsync(
                u => u.Role == Role.Admin && u.Id != user.Id && (u.LockedUntil == null || u.LockedUntil <= now), cancellationToken);
            if (othersUnlocked == 0)
            {
                throw new ConflictException("This is the last unlocked admin; nobody could administer the shop while it is locked.");
            }
        }

        var until = command.Until!.Value.ToUniversalTime();
        var reason = command.Reason!.Trim();
        user.Lock(until, reason, now);

        var count = await revoker.RevokeAllOfUserAsync(user, RevocationReason.UserLocked, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.UserLocked, user.Id, actorId, caller.Ip, now,
            $"locked until {AuditText.Iso(until)}; {AuditText.SessionsRevoked(count)}; reason: {reason}", id: ids.New(now)));
        return new UserLockResponse(user.Id, user.Email, user.LockedUntil, user.LockReason, count);
    }
}
