using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.LogoutAll;

/// <summary>"Log out from all devices": every session of the caller, this one included.</summary>
public sealed record LogoutAllCommand : ICommand;

public sealed class LogoutAllCommandHandler(
    IShopDbContext db,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<LogoutAllCommand>
{
    public async ValueTask<Unit> Handle(LogoutAllCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var now = time.GetUtcNow();
        var count = await revoker.RevokeAllOfUserAsync(userId, RevocationReason.LogoutAll, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.SessionsRevokedAll, userId, userId, caller.Ip, now, $"{count} sessions; logout from all devices", id: ids.New(now)));
        return Unit.Value;
    }
}
