using FluentValidation;
using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.ConfirmEmail;

public sealed record ConfirmEmailCommand(string Token) : ICommand;

/// <summary>Marks the address confirmed; the link works once.</summary>
public sealed class ConfirmEmailCommandHandler(
    IShopDbContext db,
    IRefreshTokenFactory tokens,
    ICurrentUser caller,
    TimeProvider time) : ICommandHandler<ConfirmEmailCommand>
{
    public async ValueTask<Unit> Handle(ConfirmEmailCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (_, user) = await db.RedeemAsync(tokens.Hash(command.Token), AccountTokenPurpose.EmailConfirmation, now, cancellationToken);
        user.ConfirmEmail(now);
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.EmailConfirmed, user.Id, user.Id, caller.Ip, now));
        await db.SaveRedeemedAsync(cancellationToken);
        return Unit.Value;
    }
}
