using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Application.Security.Common;

/// <summary>What ops may not do: lock an admin, end an admin's sessions (all, or one). Admins may.</summary>
internal static class OpsLimits
{
    public const string NotOnAdmins = "Ops cannot lock an admin or end an admin's sessions; ask an admin.";

    /// <summary>404 for an unknown user; 403 when the target is an admin and the actor is not.
    /// Both roles come from the database, in one query.</summary>
    public static async Task EnsureMayActOnAsync(this IShopDbContext db, Guid actorId, Guid targetUserId, CancellationToken ct)
    {
        var roles = await db.Users.AsNoTracking()
            .Where(u => u.Id == actorId || u.Id == targetUserId)
            .Select(u => new { u.Id, u.Role })
            .ToListAsync(ct);
        var target = roles.FirstOrDefault(u => u.Id == targetUserId) ?? throw UserLookup.UserNotFound();
        var actor = roles.FirstOrDefault(u => u.Id == actorId);
        if (target.Role == Role.Admin && actor?.Role != Role.Admin)
        {
            throw new ForbiddenException(NotOnAdmins);
        }
    }
}
