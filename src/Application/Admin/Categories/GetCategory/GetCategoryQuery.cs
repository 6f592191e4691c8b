using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Catalog.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Admin.Categories.GetCategory;

public sealed record GetCategoryQuery(Guid Id) : IQuery<CategoryResponse>;

public sealed class GetCategoryQueryHandler(IShopDbContext db) : IQueryHandler<GetCategoryQuery, CategoryResponse>
{
    public async ValueTask<CategoryResponse> Handle(GetCategoryQuery query, CancellationToken cancellationToken) =>
        await db.Categories.AsNoTracking()
            .Where(c => c.Id == query.Id)
            .Select(c => new CategoryResponse(c.Id, c.Name, c.Slug))
            .FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("The category does not exist.");
}
