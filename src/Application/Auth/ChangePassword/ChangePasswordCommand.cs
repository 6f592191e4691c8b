using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.ChangePassword;

public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword) : ICommand;

/// <summary>Sets a new password and revokes every other session; the calling device stays logged in.</summary>
public sealed class ChangePasswordCommandHandler(
    IShopDbContext db,
    IPasswordHasher hasher,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<ChangePasswordCommand>
{
    public async ValueTask<Unit> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var sessionId = caller.RequireSessionId();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new UnauthorizedException("The account no longer exists.");

        if (hasher.Verify(user.PasswordHash, command.CurrentPassword) == PasswordCheck.Failed)
        {
            throw new ValidationException([new ValidationFailure("current_password", "The current password is not correct.")]);
        }

        var now = time.GetUtcNow();
        user.ChangePasswordHash(hasher.Hash(command.NewPassword));
        var revoked = await revoker.RevokeOthersAsync(userId, sessionId, RevocationReason.PasswordChanged, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.PasswordChanged, userId, userId, caller.Ip, now, $"{revoked} other sessions revoked", id: ids.New(now)));
        return Unit.Value;
    }
}

public sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator(ICommonPasswords commonPasswords)
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(PasswordRules.MaxLength);
        RuleFor(c => c.NewPassword).ValidNewPassword(commonPasswords)
            .NotEqual(c => c.CurrentPassword).WithMessage("The new password must differ from the current one.");
    }
}
