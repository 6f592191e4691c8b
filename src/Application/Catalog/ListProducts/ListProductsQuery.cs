using FluentValidation;
using Mediator;
using Shop.Application.Catalog.Common;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Application.Catalog.ListProducts;

/// <summary>The public catalogue: published products only, filtered, sorted by an allow-listed key, paged.</summary>
/// <param name="Category">A category slug or id.</param>
public sealed record ListProductsQuery(
    int Page,
    int PageSize,
    string? Q,
    string? Category,
    decimal? MinPrice,
    decimal? MaxPrice,
    string? Sort) : IQuery<PagedResult<ProductResponse>>, IPagedQuery;

public static class ProductSort
{
    public const string Name = "name";
    public const string Price = "price";
    public const string PriceDescending = "-price";
    public const string Newest = "newest";
    public const string Default = Newest;

    public static readonly IReadOnlyList<string> All = [Name, Price, PriceDescending, Newest];
}

/// <summary>The read side lives behind <see cref="ICatalogQueries"/>: the listing cache, deep-page anchors and
/// the search SQL are Infrastructure's.</summary>
public sealed class ListProductsQueryHandler(ICatalogQueries catalog)
    : IQueryHandler<ListProductsQuery, PagedResult<ProductResponse>>
{
    public async ValueTask<PagedResult<ProductResponse>> Handle(ListProductsQuery query, CancellationToken cancellationToken) =>
        await catalog.ListProductsAsync(query, cancellationToken);
}
