using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Carts.Common;

public sealed record CartItemResponse(Guid ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

/// <summary>The cart with today's prices. Nothing here is stored: checkout computes the order again.</summary>
public sealed record CartResponse(IReadOnlyList<CartItemResponse> Items, decimal Total);

public static class CartView
{
    /// <summary>The user's cart as the API shows it (empty when the user has none yet).</summary>
    public static async Task<CartResponse> ReadAsync(IShopDbContext db, Guid userId, CancellationToken ct)
    {
        var lines = await db.Carts.AsNoTracking()
            .Where(c => c.UserId == userId)
            .SelectMany(c => c.Items)
            .Join(db.Products, i => i.ProductId, p => p.Id, (i, p) => new { p.Id, p.Name, p.Price, i.Quantity })
            .ToListAsync(ct);

        var items = lines
            .OrderBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Id)
            .Select(l => new CartItemResponse(l.Id, l.Name, l.Price, l.Quantity, l.Price * l.Quantity))
            .ToList();
        return new CartResponse(items, items.Sum(i => i.LineTotal));
    }
}
