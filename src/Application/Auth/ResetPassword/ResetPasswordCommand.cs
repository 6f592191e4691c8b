using FluentValidation;
using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.ResetPassword;

public sealed record ResetPasswordCommand(string Token, string NewPassword) : ICommand;

/// <summary>
/// Sets a new password from a reset link: the token works once (two uses at once: one wins, the other
/// conflicts on the token's version and gets the same 400), every session of the user ends, an audit
/// entry and a "your password was changed" email are saved with the change. A lock stays as it is.
/// </summary>
public sealed class ResetPasswordCommandHandler(
    IShopDbContext db,
    IPasswordHashing hasher,
    IRefreshTokenFactory tokens,
    SessionRevoker revoker,
    AccountEmails emails,
    ICurrentUser caller,
    TimeProvider time) : ICommandHandler<ResetPasswordCommand>
{
    public async ValueTask<Unit> Handle(ResetPasswordCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (_, user) = await db.RedeemAsync(tokens.Hash(command.Token), AccountTokenPurpose.PasswordReset, now, cancellationToken);
        user.ChangePasswordHash(hasher.Hash(command.NewPassword));
        var count = await revoker.RevokeAllOfUserAsync(user, RevocationReason.PasswordReset, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.PasswordReset, user.Id, user.Id, caller.Ip, now, AuditText.SessionsRevoked(count)));
        db.OutboxEmails.Add(emails.PasswordChanged(user, now));
        await db.SaveRedeemedAsync(cancellationToken);
        return Unit.Value;
    }
}
