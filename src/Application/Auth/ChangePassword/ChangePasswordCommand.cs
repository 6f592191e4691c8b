using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Login;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.UnitOfWork;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.ChangePassword;

[OwnUnitOfWork("A wrong current password is audited while the request fails, and the hashes run outside any transaction.")]
public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword) : ICommand;

/// <summary>Sets a new password and revokes every other session; the calling device stays logged in.</summary>
public sealed class ChangePasswordCommandHandler(
    IShopDbContext db,
    IUnitOfWork unitOfWork,
    IIdGenerator ids,
    IPasswordHashing hasher,
    SessionRevoker revoker,
    ICurrentUser caller,
    ILoginThrottle throttle,
    TimeProvider time) : ICommandHandler<ChangePasswordCommand>
{
    public async ValueTask<Unit> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var sessionId = caller.RequireSessionId();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new UnauthorizedException("The account no longer exists.");
        var now = time.GetUtcNow();

        // A stolen access token must not make this a password oracle: every try of a current password
        // counts toward the same per-account throttle as logins, and each wrong one is audited.
        if (await throttle.TryReserveAsync(user.NormalizedEmail, cancellationToken) is { } retryAfter)
        {
            throw new TooManyRequestsException(LoginCommandHandler.TooManyFailures, retryAfter);
        }

        if (hasher.Verify(user.PasswordHash, command.CurrentPassword) == PasswordCheck.Failed)
        {
            db.SecurityEvents.Add(SecurityEvent.Record(
                SecurityEventType.PasswordChangeFailed, userId, userId, caller.Ip, now, "wrong current password", id: ids.New(now)));
            await db.SaveChangesAsync(cancellationToken);
            throw new ValidationException([new ValidationFailure("current_password", "The current password is not correct.")]);
        }

        await throttle.ResetAsync(user.NormalizedEmail, cancellationToken);
        if (PasswordRules.ResemblesEmail(command.NewPassword, user.Email))
        {
            throw new ValidationException([new ValidationFailure("new_password", PasswordRules.LikeEmail)]);
        }

        var newHash = hasher.Hash(command.NewPassword);

        // The cut-off is taken after the hashes, right before the revocation: every login that started
        // before it has a session older than it, so its access tokens are refused with the others.
        now = time.GetUtcNow();
        return await unitOfWork.ExecuteAsync(async ct =>
        {
            user.ChangePasswordHash(newHash);
            var count = await revoker.RevokeOthersAsync(user, sessionId, RevocationReason.PasswordChanged, now, ct);
            db.SecurityEvents.Add(SecurityEvent.Record(
                SecurityEventType.PasswordChanged, userId, userId, caller.Ip, now, AuditText.SessionsRevoked(count, "other session"), id: ids.New(now)));
            return Unit.Value;
        }, cancellationToken);
    }
}
