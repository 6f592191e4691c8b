using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Security.Common;

internal static class UserLookup
{
    /// <summary>Ops routes name a user by id; an unknown id is a 404.</summary>
    public static async Task EnsureUserExistsAsync(this IShopDbContext db, Guid userId, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            throw UserNotFound();
        }
    }

    public static NotFoundException UserNotFound() => new("User not found.");
}
