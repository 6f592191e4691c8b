using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;

namespace Shop.Application.Security.RevokeUserSessions;

/// <summary>Ops end every session of a user, access tokens included, with one set-based UPDATE.</summary>
public sealed record RevokeUserSessionsCommand(Guid UserId) : ICommand<RevokedResponse>;

public sealed class RevokeUserSessionsCommandHandler(
    IShopDbContext db,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<RevokeUserSessionsCommand, RevokedResponse>
{
    public async ValueTask<RevokedResponse> Handle(RevokeUserSessionsCommand command, CancellationToken cancellationToken)
    {
        var actorId = caller.RequireUserId();
        await db.EnsureMayActOnAsync(actorId, command.UserId, cancellationToken);

        var now = time.GetUtcNow();
        var count = await revoker.RevokeAllOfUserAsync(command.UserId, RevocationReason.Ops, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.SessionsRevokedAll, command.UserId, actorId, caller.Ip, now, $"{AuditText.SessionsRevoked(count)} by ops", id: ids.New(now)));
        return new RevokedResponse(count);
    }
}
