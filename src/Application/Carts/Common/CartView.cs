using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Application.Carts.Common;

/// <summary>A cart line. A product that can no longer be ordered (unpublished, archived) shows as
/// <c>available: false</c> with neither name nor price: its current draft data is not the shopper's to see.</summary>
public sealed record CartItemResponse(Guid ProductId, string? Name, decimal? UnitPrice, int Quantity, decimal LineTotal, bool Available);

/// <summary>The cart with today's prices. Nothing here is stored: checkout computes the order again.</summary>
public sealed record CartResponse(IReadOnlyList<CartItemResponse> Items, decimal Total);

/// <summary>A cart line as read: the quantity and the product's current name, price and status.</summary>
public sealed record CartLine(Guid ProductId, string Name, decimal Price, ProductStatus Status, int Quantity);

public static class CartView
{
    /// <summary>The user's cart as the API shows it (empty when the user has none yet).</summary>
    public static async Task<CartResponse> ReadAsync(ICartQueries carts, Guid userId, CancellationToken ct)
    {
        var lines = await carts.LinesAsync(userId, ct);
        var items = lines
            .Select(l => l.Status == ProductStatus.Published
                ? new CartItemResponse(l.ProductId, l.Name, l.Price, l.Quantity, l.Price * l.Quantity, true)
                : new CartItemResponse(l.ProductId, null, null, l.Quantity, 0m, false))
            .OrderBy(i => i.Available ? 0 : 1).ThenBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.ProductId)
            .ToList();
        return new CartResponse(items, items.Sum(i => i.LineTotal));
    }
}
