using FluentValidation;
using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Mfa;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Auth.SetupTotp;

/// <summary>Step 1 of enrolment (needs the current password): a new secret, not in force until enabled.</summary>
public sealed record SetupTotpCommand(string Password) : ICommand<TotpSetupResponse>;

public sealed class SetupTotpCommandHandler(IShopDbContext db, IPasswordHashing hasher, ITotp totp, ICurrentUser caller)
    : ICommandHandler<SetupTotpCommand, TotpSetupResponse>
{
    public async ValueTask<TotpSetupResponse> Handle(SetupTotpCommand command, CancellationToken cancellationToken)
    {
        var user = await TotpEnrolment.CallerAsync(db, caller, cancellationToken);
        TotpEnrolment.RequirePassword(hasher, user, command.Password);
        if (user.MfaEnabled)
        {
            throw new ConflictException("A second factor is already enabled; disable it first.");
        }

        var secret = totp.NewSecret();
        user.BeginTotpSetup(secret);
        await db.SaveChangesAsync(cancellationToken);
        return new TotpSetupResponse(secret, totp.ProvisioningUri(secret, user.Email));
    }
}
