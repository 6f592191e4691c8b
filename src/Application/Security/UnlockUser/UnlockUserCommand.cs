using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Application.Security.LockUser;
using Shop.Domain.Auth;

namespace Shop.Application.Security.UnlockUser;

/// <summary>Ops lift a user's lock and forget the user's failed logins. Unlocking a user who is not locked changes nothing.</summary>
public sealed record UnlockUserCommand(Guid UserId) : ICommand<UserLockResponse>;

public sealed class UnlockUserCommandHandler(
    IShopDbContext db,
    ILoginThrottle throttle,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<UnlockUserCommand, UserLockResponse>
{
    public async ValueTask<UserLockResponse> Handle(UnlockUserCommand command, CancellationToken cancellationToken)
    {
        var actorId = caller.RequireUserId();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw UserLookup.UserNotFound();

        if (user.LockedUntil is { } until)
        {
            var now = time.GetUtcNow();
            user.Unlock();
            db.SecurityEvents.Add(SecurityEvent.Record(
                SecurityEventType.UserUnlocked, user.Id, actorId, caller.Ip, now,
                until > now ? $"lock until {AuditText.Iso(until)} lifted" : "expired lock cleared", id: ids.New(now)));
            await db.SaveChangesAsync(cancellationToken);
        }

        await throttle.ResetAsync(user.NormalizedEmail, cancellationToken);
        return new UserLockResponse(user.Id, user.Email, user.LockedUntil, user.LockReason, 0);
    }
}
