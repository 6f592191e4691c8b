using FluentValidation;
using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Mfa;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.UnitOfWork;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.DisableTotp;

/// <summary>Turns the second factor off; needs the password and a code (an authenticator or a recovery code).</summary>
[OwnUnitOfWork("A wrong code is audited while the request fails.")]
public sealed record DisableTotpCommand(string Password, string Code) : ICommand;

public sealed class DisableTotpCommandHandler(
    IShopDbContext db,
    IUnitOfWork unitOfWork,
    IPasswordHashing hasher,
    ITotp totp,
    RecoveryCodes recoveryCodes,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<DisableTotpCommand>
{
    public async ValueTask<Unit> Handle(DisableTotpCommand command, CancellationToken cancellationToken)
    {
        var user = await TotpEnrolment.CallerAsync(db, caller, cancellationToken);
        TotpEnrolment.RequirePassword(hasher, user, command.Password);
        if (!user.MfaEnabled)
        {
            throw new ConflictException("No second factor is enabled.");
        }

        var now = time.GetUtcNow();
        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var accepted = totp.MatchStep(user.TotpSecret!, command.Code, now) is { } step
                ? user.AcceptTotpStep(step)
                : await recoveryCodes.TryUseAsync(user.Id, command.Code, now, ct);
            if (!accepted)
            {
                return false;
            }

            user.DisableTotp();
            await recoveryCodes.DeleteAllAsync(user.Id, ct);
            db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.MfaDisabled, user.Id, user.Id, caller.Ip, now, id: ids.New(now)));
            return true;
        }, cancellationToken)
            ? Unit.Value
            : await RefuseAsync(user.Id, now, cancellationToken);
    }

    private async Task<Unit> RefuseAsync(Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.MfaFailed, userId, userId, caller.Ip, now, "disable", id: ids.New(now)));
        await db.SaveChangesAsync(ct);
        throw TotpEnrolment.WrongCode();
    }
}
