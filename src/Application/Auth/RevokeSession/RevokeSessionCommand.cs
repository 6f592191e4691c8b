using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.RevokeSession;

/// <summary>Ends one of the caller's sessions (another device). Someone else's session is "not found".</summary>
public sealed record RevokeSessionCommand(Guid SessionId) : ICommand;

public sealed class RevokeSessionCommandHandler(
    IShopDbContext db,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<RevokeSessionCommand>
{
    public async ValueTask<Unit> Handle(RevokeSessionCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var now = time.GetUtcNow();
        var mine = await db.Sessions.Where(Session.LiveAt(now)).AnyAsync(s => s.Id == command.SessionId && s.UserId == userId, cancellationToken);
        if (!mine)
        {
            throw new NotFoundException("Session not found.");
        }

        await revoker.RevokeSessionAsync(command.SessionId, RevocationReason.SessionDeleted, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.SessionRevoked, userId, userId, caller.Ip, now, $"session {command.SessionId}", id: ids.New(now)));
        return Unit.Value;
    }
}
