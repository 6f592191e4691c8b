using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Catalog.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Application.Catalog.GetProduct;

/// <summary>One published product; a draft or archived one is as unknown as an id that never existed.</summary>
public sealed record GetProductQuery(Guid Id) : IQuery<ProductResponse>;

public sealed class GetProductQueryHandler(IShopDbContext db) : IQueryHandler<GetProductQuery, ProductResponse>
{
    public async ValueTask<ProductResponse> Handle(GetProductQuery query, CancellationToken cancellationToken) =>
        await db.Products.AsNoTracking()
            .Where(Product.Orderable).Where(p => p.Id == query.Id)
            .Join(db.Categories, p => p.CategoryId, c => c.Id, CatalogProjections.Public)
            .FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("The product does not exist.");
}
