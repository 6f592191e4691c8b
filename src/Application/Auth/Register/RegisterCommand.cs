using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Register;

public sealed record RegisterCommand(string Email, string Password, string FullName) : ICommand<UserResponse>;

public sealed class RegisterCommandHandler(
    IShopDbContext db,
    IPasswordHashing hasher,
    IRefreshTokenFactory tokens,
    AccountEmails emails,
    IOptions<AccountOptions> options,
    IIdGenerator ids,
    TimeProvider time)
    : ICommandHandler<RegisterCommand, UserResponse>
{
    public async ValueTask<UserResponse> Handle(RegisterCommand command, CancellationToken cancellationToken)
    {
        var normalized = User.NormalizeEmail(command.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            throw EmailTaken();
        }

        // Everyone who registers is a customer; the role is never taken from the request.
        var now = time.GetUtcNow();
        var user = User.Register(command.Email, command.FullName, hasher.Hash(command.Password), Role.Customer, now, ids.New(now));
        db.Users.Add(user);

        // The confirmation link is queued with the account: both are saved, or neither.
        var token = tokens.NewValue();
        db.AccountTokens.Add(AccountToken.Issue(
            user.Id, AccountTokenPurpose.EmailConfirmation, tokens.Hash(token), now, options.Value.EmailConfirmationTokenLifetime));
        db.OutboxEmails.Add(emails.ConfirmEmail(user, token, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a registration of the same email: the unique index refused the row.
            if (await db.Users.AsNoTracking().AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
            {
                throw EmailTaken();
            }

            throw;
        }

        return new UserResponse(user.Id, user.Email, user.FullName, user.Role.ToName());
    }

    private static ConflictException EmailTaken() => new("An account with this email already exists.");
}
