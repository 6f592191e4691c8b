using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Mfa;

public sealed record TotpSetupResponse(string Secret, string OtpauthUri);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

/// <summary>Step 1 of enrolment (needs the current password): a new secret, not in force until enabled.</summary>
public sealed record SetupTotpCommand(string Password) : ICommand<TotpSetupResponse>;

/// <summary>Step 2: a valid code from the new secret turns it on and returns the recovery codes.</summary>
public sealed record EnableTotpCommand(string Code) : ICommand<RecoveryCodesResponse>;

/// <summary>Turns the second factor off; needs the password and a code (an authenticator or a recovery code).</summary>
public sealed record DisableTotpCommand(string Password, string Code) : ICommand;

public sealed class SetupTotpCommandValidator : AbstractValidator<SetupTotpCommand>
{
    public SetupTotpCommandValidator() => RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordRules.MaxLength);
}

public sealed class EnableTotpCommandValidator : AbstractValidator<EnableTotpCommand>
{
    public EnableTotpCommandValidator() => RuleFor(c => c.Code).NotEmpty().MaximumLength(RecoveryCodes.MaxLength);
}

public sealed class DisableTotpCommandValidator : AbstractValidator<DisableTotpCommand>
{
    public DisableTotpCommandValidator()
    {
        RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordRules.MaxLength);
        RuleFor(c => c.Code).NotEmpty().MaximumLength(RecoveryCodes.MaxLength);
    }
}

public sealed class TotpCommandHandlers(
    IShopDbContext db,
    IPasswordHasher hasher,
    ITotp totp,
    RecoveryCodes recoveryCodes,
    ICurrentUser caller,
    TimeProvider time)
    : ICommandHandler<SetupTotpCommand, TotpSetupResponse>,
      ICommandHandler<EnableTotpCommand, RecoveryCodesResponse>,
      ICommandHandler<DisableTotpCommand>
{
    public async ValueTask<TotpSetupResponse> Handle(SetupTotpCommand command, CancellationToken cancellationToken)
    {
        var user = await CallerAsync(cancellationToken);
        RequirePassword(user, command.Password);
        if (user.MfaEnabled)
        {
            throw new ConflictException("A second factor is already enabled; disable it first.");
        }

        var secret = totp.NewSecret();
        user.BeginTotpSetup(secret);
        await db.SaveChangesAsync(cancellationToken);
        return new TotpSetupResponse(secret, totp.ProvisioningUri(secret, user.Email));
    }

    public async ValueTask<RecoveryCodesResponse> Handle(EnableTotpCommand command, CancellationToken cancellationToken)
    {
        var user = await CallerAsync(cancellationToken);
        if (user.MfaEnabled)
        {
            throw new ConflictException("A second factor is already enabled.");
        }

        if (user.TotpSecret is null)
        {
            throw new ConflictException("Set up the authenticator first (POST /api/v1/auth/mfa/totp/setup).");
        }

        var now = time.GetUtcNow();
        if (totp.MatchStep(user.TotpSecret, command.Code, now) is not { } step)
        {
            throw WrongCode();
        }

        user.EnableTotp(step, now);
        var codes = await recoveryCodes.ReplaceAsync(user.Id, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.MfaEnabled, user.Id, user.Id, caller.Ip, now, "totp"));
        await db.SaveChangesAsync(cancellationToken);
        return new RecoveryCodesResponse(codes);
    }

    public async ValueTask<Unit> Handle(DisableTotpCommand command, CancellationToken cancellationToken)
    {
        var user = await CallerAsync(cancellationToken);
        RequirePassword(user, command.Password);
        if (!user.MfaEnabled)
        {
            throw new ConflictException("No second factor is enabled.");
        }

        var now = time.GetUtcNow();
        var accepted = totp.MatchStep(user.TotpSecret!, command.Code, now) is { } step
            ? user.AcceptTotpStep(step)
            : await recoveryCodes.TryUseAsync(user.Id, command.Code, now, cancellationToken);
        if (!accepted)
        {
            db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.MfaFailed, user.Id, user.Id, caller.Ip, now, "disable"));
            await db.SaveChangesAsync(cancellationToken);
            throw WrongCode();
        }

        user.DisableTotp();
        await recoveryCodes.DeleteAllAsync(user.Id, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.MfaDisabled, user.Id, user.Id, caller.Ip, now));
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    private async Task<User> CallerAsync(CancellationToken ct)
    {
        var userId = caller.RequireUserId();
        return await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new UnauthorizedException("The account no longer exists.");
    }

    private void RequirePassword(User user, string password)
    {
        if (hasher.Verify(user.PasswordHash, password) == PasswordCheck.Failed)
        {
            throw new ValidationException([new ValidationFailure("password", "The password is not correct.")]);
        }
    }

    private static ValidationException WrongCode() =>
        new([new ValidationFailure("code", "The code is not valid.")]);
}
