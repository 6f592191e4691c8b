using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Products.Common;
using Shop.Application.Catalog.Common;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Products.ListAdminProducts;

/// <summary>Every product whatever its status (or of one status), newest first.</summary>
public sealed record ListAdminProductsQuery(int Page, int PageSize, string? Q, string? Status)
    : IQuery<PagedResult<AdminProductResponse>>, IPagedQuery;

public sealed class ListAdminProductsQueryHandler(IShopDbContext db)
    : IQueryHandler<ListAdminProductsQuery, PagedResult<AdminProductResponse>>
{
    public async ValueTask<PagedResult<AdminProductResponse>> Handle(ListAdminProductsQuery query, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking();
        if (query.Status is not null)
        {
            var status = EnumNames.Parse<ProductStatus>(query.Status);
            products = products.Where(p => p.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = TextSearch.ContainsPattern(query.Q);
            products = products.Where(p =>
                EF.Functions.Like(p.Name.ToLower(), pattern, TextSearch.EscapeCharacter)
                || EF.Functions.Like(p.Description.ToLower(), pattern, TextSearch.EscapeCharacter));
        }

        return await AdminProducts.ProjectNewestFirst(products, db.Categories.AsNoTracking())
            .ToPagedResultAsync(query, cancellationToken);
    }
}
