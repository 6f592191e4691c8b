using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Carts;

namespace Shop.Application.Carts.Common;

public static class CartEditing
{
    private const int Attempts = 3;

    /// <summary>
    /// Loads (or starts) the user's cart, applies <paramref name="edit"/> and saves. Two requests of one
    /// user can race to create the cart or the same line; the unique keys let one win, and the loser
    /// reloads and applies its edit again (the failed save rolled back to its savepoint; the unit goes on).
    /// </summary>
    public static async Task EditAsync(IShopDbContext db, IUnitOfWork unitOfWork, IIdGenerator ids, Guid userId, DateTimeOffset now, Action<Cart, DateTimeOffset> edit, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cart = await db.Carts.Include(c => c.Items).FirstOrDefaultAsync(c => c.UserId == userId, ct);
            if (cart is null)
            {
                // A signed token can outlive its user (or be forged with a leaked key): no row may name a
                // user that does not exist, and the caller is simply not authenticated.
                if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
                {
                    throw new UnauthorizedException("The account no longer exists.");
                }

                cart = Cart.StartFor(userId, now, ids.New(now));
                db.Carts.Add(cart);
            }

            edit(cart, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                unitOfWork.DiscardUnsavedChanges();
            }
        }
    }
}
