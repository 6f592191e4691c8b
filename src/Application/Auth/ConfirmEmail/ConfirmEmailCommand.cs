using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.ConfirmEmail;

public sealed record ConfirmEmailCommand(string Token) : ICommand;

public sealed class ConfirmEmailCommandValidator : AbstractValidator<ConfirmEmailCommand>
{
    public ConfirmEmailCommandValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(AccountTokenRules.MaxLength);
}

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
        var hash = tokens.Hash(command.Token);
        var token = await db.AccountTokens.FirstOrDefaultAsync(
            t => t.TokenHash == hash && t.Purpose == AccountTokenPurpose.EmailConfirmation, cancellationToken);
        if (token is null || !token.IsUsable(now))
        {
            throw AccountTokenRules.InvalidToken();
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, cancellationToken)
            ?? throw AccountTokenRules.InvalidToken();
        token.Use(now);
        user.ConfirmEmail(now);
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.EmailConfirmed, user.Id, user.Id, caller.Ip, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw AccountTokenRules.InvalidToken();
        }

        return Unit.Value;
    }
}
