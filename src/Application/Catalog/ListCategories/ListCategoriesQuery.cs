using Mediator;
using Shop.Application.Catalog.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Catalog.ListCategories;

/// <summary>Every category, by name. A short list, so not paged.</summary>
public sealed record ListCategoriesQuery : IQuery<IReadOnlyList<CategoryResponse>>;

public sealed class ListCategoriesQueryHandler(ICatalogQueries catalog) : IQueryHandler<ListCategoriesQuery, IReadOnlyList<CategoryResponse>>
{
    public async ValueTask<IReadOnlyList<CategoryResponse>> Handle(ListCategoriesQuery query, CancellationToken cancellationToken) =>
        await catalog.ListCategoriesAsync(cancellationToken);
}
