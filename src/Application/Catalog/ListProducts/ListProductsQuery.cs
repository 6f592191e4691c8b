using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
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

public sealed class ListProductsQueryValidator : AbstractValidator<ListProductsQuery>
{
    public ListProductsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Q).MaximumLength(TextSearch.MaxLength);
        RuleFor(q => q.Category).MaximumLength(Domain.Catalog.Category.MaxSlugLength);
        RuleFor(q => q.MinPrice).GreaterThanOrEqualTo(0);
        RuleFor(q => q.MaxPrice).GreaterThanOrEqualTo(0);
        RuleFor(q => q.MaxPrice).GreaterThanOrEqualTo(q => q.MinPrice)
            .When(q => q.MinPrice is not null && q.MaxPrice is not null)
            .WithMessage("'max_price' must not be less than 'min_price'.");
        RuleFor(q => q.Sort)
            .Must(s => s is null || ProductSort.All.Contains(s))
            .WithMessage($"'sort' must be one of: {string.Join(", ", ProductSort.All)}.");
    }
}

public sealed class ListProductsQueryHandler(IShopDbContext db) : IQueryHandler<ListProductsQuery, PagedResult<ProductResponse>>
{
    public async ValueTask<PagedResult<ProductResponse>> Handle(ListProductsQuery query, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking().Where(p => p.Status == ProductStatus.Published);

        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var slug = query.Category.Trim().ToLowerInvariant();
            var categoryId = Guid.TryParse(slug, out var id)
                ? id
                : await db.Categories.AsNoTracking()
                    .Where(c => c.Slug == slug)
                    .Select(c => (Guid?)c.Id)
                    .FirstOrDefaultAsync(cancellationToken);
            if (categoryId is null)
            {
                return new PagedResult<ProductResponse>([], query.Page, query.PageSize, 0);
            }

            products = products.Where(p => p.CategoryId == categoryId);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = TextSearch.ContainsPattern(query.Q);
            products = products.Where(p =>
                EF.Functions.Like(p.Name.ToLower(), pattern, TextSearch.EscapeCharacter)
                || EF.Functions.Like(p.Description.ToLower(), pattern, TextSearch.EscapeCharacter));
        }

        if (query.MinPrice is { } min)
        {
            products = products.Where(p => p.Price >= min);
        }

        if (query.MaxPrice is { } max)
        {
            products = products.Where(p => p.Price <= max);
        }

        var total = await products.CountAsync(cancellationToken);
        var rows = products.Join(db.Categories, p => p.CategoryId, c => c.Id, (p, c) => new { Product = p, Category = c });
        var sorted = (query.Sort ?? ProductSort.Default) switch
        {
            ProductSort.Name => rows.OrderBy(r => r.Product.Name).ThenBy(r => r.Product.Id),
            ProductSort.Price => rows.OrderBy(r => r.Product.Price).ThenBy(r => r.Product.Id),
            ProductSort.PriceDescending => rows.OrderByDescending(r => r.Product.Price).ThenByDescending(r => r.Product.Id),
            _ => rows.OrderByDescending(r => r.Product.CreatedAt).ThenByDescending(r => r.Product.Id),
        };

        var items = await sorted
            .Skip(query.Skip())
            .Take(query.PageSize)
            .Select(r => new ProductResponse(
                r.Product.Id, r.Product.Name, r.Product.Description, r.Product.Price, r.Product.Stock,
                new CategoryResponse(r.Category.Id, r.Category.Name, r.Category.Slug)))
            .ToListAsync(cancellationToken);
        return new PagedResult<ProductResponse>(items, query.Page, query.PageSize, total);
    }
}
