using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.ForgotPassword;

public sealed record ForgotPasswordCommand(string Email) : ICommand;

/// <summary>
/// Queues a reset link when the email belongs to an account. Known and unknown emails take the same path:
/// a token is made and hashed, the same queries run, one audit entry is written, and the answer is the same,
/// so neither the body nor the time says whether the account exists. Per client IP, more than
/// <see cref="AccountOptions.ForgotPasswordPerIpPerWindow"/> requests in the window get 429; per account, at
/// most <see cref="AccountOptions.EmailsPerAccountPerWindow"/> emails are sent (further requests still get 202).
/// </summary>
public sealed class ForgotPasswordCommandHandler(
    IShopDbContext db,
    IRefreshTokenFactory tokens,
    AccountEmails emails,
    ICurrentUser caller,
    IOptions<AccountOptions> options,
    TimeProvider time) : ICommandHandler<ForgotPasswordCommand>
{
    public async ValueTask<Unit> Handle(ForgotPasswordCommand command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var since = now - AccountOptions.EmailWindow;
        var ip = caller.Ip;
        if (ip is not null && await db.SecurityEvents.CountAsync(
                e => e.Type == SecurityEventType.PasswordResetRequested && e.Ip == ip && e.At > since, cancellationToken)
            >= settings.ForgotPasswordPerIpPerWindow)
        {
            throw new TooManyRequestsException("Too many password reset requests from this address; try again later.", AccountOptions.EmailWindow);
        }

        var token = tokens.NewValue();
        var hash = tokens.Hash(token);
        var normalized = User.NormalizeEmail(command.Email);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        var userId = user?.Id ?? Guid.Empty;
        var recent = await db.AccountTokens.CountAsync(
            t => t.UserId == userId && t.Purpose == AccountTokenPurpose.PasswordReset && t.CreatedAt > since, cancellationToken);

        string? details = null;
        if (user is null)
        {
            details = "unknown email";
        }
        else if (recent >= settings.EmailsPerAccountPerWindow)
        {
            details = "too many requests for this account; no email sent";
        }
        else
        {
            db.AccountTokens.Add(AccountToken.Issue(user.Id, AccountTokenPurpose.PasswordReset, hash, now, settings.PasswordResetTokenLifetime));
            db.OutboxEmails.Add(emails.PasswordReset(user, token, settings.PasswordResetTokenLifetime, now));
        }

        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.PasswordResetRequested, user?.Id, null, ip, now, details));
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
