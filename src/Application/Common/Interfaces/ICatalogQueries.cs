using Shop.Application.Catalog.Common;
using Shop.Application.Catalog.ListProducts;
using Shop.Application.Common;

namespace Shop.Application.Common.Interfaces;

/// <summary>The public catalogue's read side, behind a port: how a listing is cached, anchored for deep pages
/// and searched is Infrastructure's business.</summary>
public interface ICatalogQueries
{
    Task<PagedResult<ProductResponse>> ListProductsAsync(ListProductsQuery query, CancellationToken cancellationToken);
}
