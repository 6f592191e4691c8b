using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Catalog.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Catalog.ListCategories;

/// <summary>Every category, by name. A short list, so not paged.</summary>
public sealed record ListCategoriesQuery : IQuery<IReadOnlyList<CategoryResponse>>;

public sealed class ListCategoriesQueryHandler(IShopDbContext db) : IQueryHandler<ListCategoriesQuery, IReadOnlyList<CategoryResponse>>
{
    public async ValueTask<IReadOnlyList<CategoryResponse>> Handle(ListCategoriesQuery query, CancellationToken cancellationToken) =>
        await db.Categories.AsNoTracking()
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new CategoryResponse(c.Id, c.Name, c.Slug))
            .ToListAsync(cancellationToken);
}
