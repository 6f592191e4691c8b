using Shop.Application.Catalog.Common;
using Shop.Application.Catalog.ListProducts;
using Shop.Application.Common;

namespace Shop.Application.Common.Interfaces;

/// <summary>The public catalogue's read side, behind a port: how a listing is cached, anchored for deep pages
/// and searched is Infrastructure's business, and so is compiling the reads of fixed shape.</summary>
public interface ICatalogQueries
{
    Task<PagedResult<ProductResponse>> ListProductsAsync(ListProductsQuery query, CancellationToken cancellationToken);

    /// <summary>A published product with its category; null for a draft, an archived product or an unknown id.</summary>
    Task<ProductResponse?> FindProductAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every category, by name (then id).</summary>
    Task<IReadOnlyList<CategoryResponse>> ListCategoriesAsync(CancellationToken cancellationToken);
}
