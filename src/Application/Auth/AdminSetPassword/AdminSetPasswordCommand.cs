using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.AdminSetPassword;

/// <summary>Admin recovery from the command line (<c>admin set-password &lt;email&gt;</c>): sets the password of
/// that admin, or creates the admin when no account has that email.</summary>
public sealed record AdminSetPasswordCommand(string Email, string Password) : ICommand<AdminSetPasswordResult>;

/// <param name="Created">True when a new admin account was made.</param>
public sealed record AdminSetPasswordResult(Guid UserId, bool Created, int SessionsRevoked);

/// <summary>
/// Ends every session of the admin and writes a <c>password_reset</c> audit entry with no actor. An account
/// with that email that is not an admin is refused: the command line recovers admins, it does not promote.
/// </summary>
public sealed class AdminSetPasswordCommandHandler(
    IShopDbContext db,
    IPasswordHashing hasher,
    SessionRevoker revoker,
    TimeProvider time) : ICommandHandler<AdminSetPasswordCommand, AdminSetPasswordResult>
{
    public async ValueTask<AdminSetPasswordResult> Handle(AdminSetPasswordCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var normalized = User.NormalizeEmail(command.Email);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        var created = user is null;
        if (user is null)
        {
            user = User.Register(command.Email, "Administrator", hasher.Hash(command.Password), Role.Admin, now);
            db.Users.Add(user);
        }
        else if (user.Role != Role.Admin)
        {
            throw new ConflictException($"The account {user.Email} exists and is not an admin; its role is changed in the admin panel.");
        }
        else
        {
            user.ChangePasswordHash(hasher.Hash(command.Password));
        }

        // A new account has no session to end; an existing one loses every session and access token.
        var count = created ? 0 : await revoker.RevokeAllOfUserAsync(user, RevocationReason.PasswordReset, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.PasswordReset, user.Id, null, null, now,
            created ? "admin created from the command line" : $"set from the command line; {AuditText.SessionsRevoked(count)}"));
        await db.SaveChangesAsync(cancellationToken);

        return new AdminSetPasswordResult(user.Id, created, count);
    }
}
