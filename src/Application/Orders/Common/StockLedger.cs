using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;
using Shop.Domain.Orders;

namespace Shop.Application.Orders.Common;

/// <summary>
/// Moves stock with set-based conditional UPDATEs, never read-modify-write: the database checks and
/// changes each row in one statement, so concurrent checkouts cannot oversell on any provider.
/// Rows are always touched in product-id order, so two transactions never wait on each other in a cycle.
/// </summary>
public static class StockLedger
{
    /// <summary>
    /// Takes every line's quantity from a published product with enough stock
    /// (<c>UPDATE products SET stock = stock - @q WHERE id = @id AND status = 'Published' AND stock &gt;= @q</c>).
    /// Returns the products that could not supply their line; the caller rolls back when any did.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> TakeAsync(IShopDbContext db, IEnumerable<(Guid ProductId, int Quantity)> lines, CancellationToken ct)
    {
        var shortIds = new List<Guid>();
        foreach (var (productId, quantity) in lines.OrderBy(l => l.ProductId))
        {
            var taken = await db.Products
                .Where(Product.Orderable).Where(p => p.Id == productId && p.Stock >= quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock - quantity), ct);
            if (taken == 0)
            {
                shortIds.Add(productId);
            }
        }

        return shortIds;
    }

    /// <summary>Hands a cancelled order's quantities back to their products.</summary>
    public static async Task ReturnAsync(IShopDbContext db, IEnumerable<OrderLine> lines, CancellationToken ct)
    {
        foreach (var line in lines.OrderBy(l => l.ProductId))
        {
            var quantity = line.Quantity;
            var productId = line.ProductId;
            await db.Products
                .Where(p => p.Id == productId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock + quantity), ct);
        }
    }
}
