using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.ResendConfirmation;

public sealed record ResendConfirmationCommand : ICommand;

/// <summary>Queues a new confirmation link for the caller (nothing when the address is already confirmed);
/// more than <see cref="AccountOptions.EmailsPerAccountPerWindow"/> links within the window get 429.</summary>
public sealed class ResendConfirmationCommandHandler(
    IShopDbContext db,
    IRefreshTokenFactory tokens,
    AccountEmails emails,
    ICurrentUser caller,
    IOptions<AccountOptions> options,
    TimeProvider time) : ICommandHandler<ResendConfirmationCommand>
{
    public async ValueTask<Unit> Handle(ResendConfirmationCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new UnauthorizedException("The account no longer exists.");
        if (user.EmailConfirmed)
        {
            return Unit.Value;
        }

        var now = time.GetUtcNow();
        var since = now - AccountOptions.EmailWindow;
        var recent = await db.AccountTokens
            .Where(t => t.UserId == userId && t.Purpose == AccountTokenPurpose.EmailConfirmation && t.CreatedAt > since)
            .Select(t => t.CreatedAt)
            .ToListAsync(cancellationToken);
        var settings = options.Value;
        if (recent.Count >= settings.EmailsPerAccountPerWindow)
        {
            throw new TooManyRequestsException(
                "Too many confirmation emails for this account; try again later.", recent.Min() + AccountOptions.EmailWindow - now);
        }

        var token = tokens.NewValue();
        db.AccountTokens.Add(AccountToken.Issue(userId, AccountTokenPurpose.EmailConfirmation, tokens.Hash(token), now, settings.EmailConfirmationTokenLifetime));
        db.OutboxEmails.Add(emails.ConfirmEmail(user, token, now));
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
