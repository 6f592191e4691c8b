using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Mfa;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Security.ResetMfa;

/// <summary>Ops remove a user's second factor (a lost phone and lost recovery codes): the authenticator and
/// the recovery codes are deleted and every session of the user ends. An ops user cannot do it to an admin.</summary>
public sealed record ResetMfaCommand(Guid UserId) : ICommand<RevokedResponse>;

public sealed class ResetMfaCommandHandler(
    IShopDbContext db,
    SessionRevoker revoker,
    RecoveryCodes recoveryCodes,
    ICurrentUser caller,
    TimeProvider time) : ICommandHandler<ResetMfaCommand, RevokedResponse>
{
    public async ValueTask<RevokedResponse> Handle(ResetMfaCommand command, CancellationToken cancellationToken)
    {
        var actorId = caller.RequireUserId();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw UserLookup.UserNotFound();
        if (user.Role == Role.Admin
            && !await db.Users.AnyAsync(u => u.Id == actorId && u.Role == Role.Admin, cancellationToken))
        {
            throw new ForbiddenException("Only an admin can reset the second factor of an admin.");
        }

        var now = time.GetUtcNow();
        user.DisableTotp();
        await recoveryCodes.DeleteAllAsync(user.Id, cancellationToken);
        var count = await revoker.RevokeAllOfUserAsync(user, RevocationReason.MfaReset, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.MfaResetByOps, user.Id, actorId, caller.Ip, now, AuditText.SessionsRevoked(count)));
        await db.SaveChangesAsync(cancellationToken);
        return new RevokedResponse(count);
    }
}
