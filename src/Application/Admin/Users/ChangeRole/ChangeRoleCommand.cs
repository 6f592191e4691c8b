using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Users.Common;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Admin.Users.ChangeRole;

/// <summary>
/// Gives a user another role. Every session of that user is revoked in the same transaction, so no
/// access token keeps the old role; the user logs in again and gets tokens with the new one.
/// The last admin cannot be demoted.
/// </summary>
public sealed record ChangeRoleCommand(Guid UserId, string Role) : ICommand<AdminUserResponse>;

public sealed class ChangeRoleCommandHandler(
    IShopDbContext db,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<ChangeRoleCommand, AdminUserResponse>
{
    public async ValueTask<AdminUserResponse> Handle(ChangeRoleCommand command, CancellationToken cancellationToken)
    {
        var actorId = caller.RequireUserId();
        Roles.TryParse(command.Role, out var role);
        var now = time.GetUtcNow();

        if (role != Role.Admin)
        {
            // Demotions queue up behind each other: touching every admin row takes their row locks, so
            // two admins demoting each other at once cannot both see "another admin is left".
            await db.Users.Where(u => u.Role == Role.Admin)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, u => u.Role), cancellationToken);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw new NotFoundException("The user does not exist.");
        var previous = user.Role;
        if (previous == role)
        {
            return Response(user);
        }

        if (previous == Role.Admin && await db.Users.CountAsync(u => u.Role == Role.Admin, cancellationToken) <= 1)
        {
            throw new ConflictException("This is the last admin; make another user admin before changing this one's role.");
        }

        user.ChangeRole(role);
        var count = await revoker.RevokeAllOfUserAsync(user, RevocationReason.RoleChanged, now, cancellationToken);
        db.SecurityEvents.Add(SecurityEvent.Record(
            SecurityEventType.RoleChanged, user.Id, actorId, caller.Ip, now,
            $"{previous.ToName()} -> {role.ToName()}; {AuditText.SessionsRevoked(count)}", id: ids.New(now)));
        return Response(user);
    }

    private static AdminUserResponse Response(User user) =>
        new(user.Id, user.Email, user.FullName, user.Role.ToName(), user.LockedUntil, user.CreatedAt);
}
