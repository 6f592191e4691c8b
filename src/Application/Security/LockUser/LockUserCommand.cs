using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;

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

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw UserLookup.UserNotFound();

        var now = time.GetUtcNow();
        var until = command.Until!.Value.ToUniversalTime();
        var reason = command.Reason!.Trim();
        user.Lock(until, reason, now);

        var count = await revoker.RevokeAllOfUserAsync(user.Id, RevocationReason.UserLocked, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.UserLocked, user.Id, actorId, caller.Ip, now,
            $"locked until {AuditText.Iso(until)}; {count} sessions revoked; reason: {reason}", id: ids.New(now)));
        return new UserLockResponse(user.Id, user.Email, user.LockedUntil, user.LockReason, count);
    }
}
