using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;

namespace Shop.Application.Security.KillSession;

/// <summary>Ops end one session of any user. An unknown id is a 404; a session already ended stays as it was.</summary>
public sealed record KillSessionCommand(Guid SessionId) : ICommand;

public sealed class KillSessionCommandHandler(
    IShopDbContext db,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<KillSessionCommand>
{
    public async ValueTask<Unit> Handle(KillSessionCommand command, CancellationToken cancellationToken)
    {
        var actorId = caller.RequireUserId();
        var owner = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == command.SessionId)
            .Select(s => (Guid?)s.UserId)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Session not found.");
        await db.EnsureMayActOnAsync(actorId, owner, cancellationToken);

        var now = time.GetUtcNow();
        if (await revoker.RevokeSessionAsync(command.SessionId, RevocationReason.Ops, now, cancellationToken))
        {
            db.SecurityEvents.Add(SecurityEvent.Record(
                SecurityEventType.SessionRevoked, owner, actorId, caller.Ip, now, $"session {command.SessionId} revoked by ops", id: ids.New(now)));
        }
        return Unit.Value;
    }
}
