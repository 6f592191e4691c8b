using FluentValidation;
using Mediator;
using Shop.Application.Auth.Mfa;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.EnableTotp;

/// <summary>Step 2: a valid code from the new secret turns it on and returns the recovery codes.</summary>
public sealed record EnableTotpCommand(string Code) : ICommand<RecoveryCodesResponse>;

public sealed class EnableTotpCommandHandler(
    IShopDbContext db,
    ITotp totp,
    RecoveryCodes recoveryCodes,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<EnableTotpCommand, RecoveryCodesResponse>
{
    public async ValueTask<RecoveryCodesResponse> Handle(EnableTotpCommand command, CancellationToken cancellationToken)
    {
        var user = await TotpEnrolment.CallerAsync(db, caller, cancellationToken);
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
            throw TotpEnrolment.WrongCode();
        }

        user.EnableTotp(step, now);
        var codes = await recoveryCodes.ReplaceAsync(user.Id, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.MfaEnabled, user.Id, user.Id, caller.Ip, now, "totp", id: ids.New(now)));
        await db.SaveChangesAsync(cancellationToken);
        return new RecoveryCodesResponse(codes);
    }
}
