using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;

namespace Shop.Application.Security.RevokeAll;

/// <summary>
/// The kill switch: every session of every user created before <see cref="IssuedBefore"/> ends, and with
/// it every access token issued to it. One set-based UPDATE, plus a global cut-off that every API instance
/// applies to access tokens still in flight.
/// </summary>
public sealed record RevokeAllCommand(DateTimeOffset? IssuedBefore) : ICommand<RevokedResponse>;

public sealed class RevokeAllCommandHandler(
    IShopDbContext db,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<RevokeAllCommand, RevokedResponse>
{
    public async ValueTask<RevokedResponse> Handle(RevokeAllCommand command, CancellationToken cancellationToken)
    {
        var actorId = caller.RequireUserId();
        var now = time.GetUtcNow();
        var requested = command.IssuedBefore!.Value.ToUniversalTime();
        var cutoff = requested < now ? requested : now;

        var count = await revoker.RevokeAllCreatedBeforeAsync(cutoff, RevocationReason.GlobalRevoke, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.GlobalRevoke, null, actorId, caller.Ip, now,
            $"every session issued before {AuditText.Iso(cutoff)} revoked: {count} sessions", id: ids.New(now)));
        return new RevokedResponse(count);
    }
}
