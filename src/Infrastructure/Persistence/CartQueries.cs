using Microsoft.EntityFrameworkCore;
using Shop.Application.Carts.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Persistence;

/// <summary>A cart's lines joined to their products, as a compiled query.</summary>
public sealed class CartQueries(ShopDbContext db) : ICartQueries
{
    private static readonly CompiledQuery<Func<ShopDbContext, Guid, IAsyncEnumerable<CartLine>>> LinesByUser =
        new(() => EF.CompileAsyncQuery((ShopDbContext db, Guid userId) =>
            db.Carts.AsNoTracking()
                .Where(c => c.UserId == userId)
                .SelectMany(c => c.Items)
                .Join(db.Products, i => i.ProductId, p => p.Id, (i, p) => new CartLine(p.Id, p.Name, p.Price, p.Status, i.Quantity))));

    public async Task<IReadOnlyList<CartLine>> LinesAsync(Guid userId, CancellationToken cancellationToken)
    {
        var lines = new List<CartLine>();
        await foreach (var line in LinesByUser.For(db)(db, userId).WithCancellation(cancellationToken))
        {
            lines.Add(line);
        }

        return lines;
    }
}
