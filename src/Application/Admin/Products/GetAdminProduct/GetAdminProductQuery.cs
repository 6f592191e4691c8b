using Mediator;
using Shop.Application.Admin.Products.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Admin.Products.GetAdminProduct;

/// <summary>Any product, whatever its status.</summary>
public sealed record GetAdminProductQuery(Guid Id) : IQuery<AdminProductResponse>;

public sealed class GetAdminProductQueryHandler(IShopDbContext db) : IQueryHandler<GetAdminProductQuery, AdminProductResponse>
{
    public async ValueTask<AdminProductResponse> Handle(GetAdminProductQuery query, CancellationToken cancellationToken) =>
        await AdminProducts.ReadAsync(db, query.Id, cancellationToken);
}
