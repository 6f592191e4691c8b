using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Orders;

namespace Shop.Application.Orders.Common;

public static class OrderTransitions
{
    /// <summary>
    /// Applies <paramref name="change"/> to a loaded order and saves it; a cancellation hands the stock
    /// back in the same unit of work. The order's version is a concurrency token, so of two concurrent
    /// changes (two cancels, a cancel and a ship) one wins and the other gets 409: stock is returned once.
    /// </summary>
    public static async Task ApplyAsync(IShopDbContext db, Order order, Action<Order> change, CancellationToken ct)
    {
        var wasCancelled = order.Status == OrderStatus.Cancelled;
        change(order);
        await db.SaveChangesAsync(ct); // the order row first: a losing concurrent change stops here
        if (!wasCancelled && order.Status == OrderStatus.Cancelled)
        {
            await StockLedger.ReturnAsync(db, order.Lines, ct);
        }
    }

    public static Task<Order?> LoadAsync(IShopDbContext db, Guid id, Guid? ownerId, CancellationToken ct) =>
        db.Orders.Include(o => o.Lines)
            .Where(o => o.Id == id && (ownerId == null || o.UserId == ownerId))
            .FirstOrDefaultAsync(ct);
}
