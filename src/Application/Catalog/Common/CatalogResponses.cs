namespace Shop.Application.Catalog.Common;

public sealed record CategoryResponse(Guid Id, string Name, string Slug);

/// <summary>A product as the public catalogue shows it. The category is embedded, so a product card needs no second call.</summary>
public sealed record ProductResponse(Guid Id, string Name, string Description, decimal Price, int Stock, CategoryResponse Category);

public static class CatalogProjections
{
    /// <summary>A published product as the public catalogue shows it: the one shape, for every public read.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Domain.Catalog.Product, Domain.Catalog.Category, ProductResponse>> Public =
        (p, c) => new ProductResponse(p.Id, p.Name, p.Description, p.Price, p.Stock, new CategoryResponse(c.Id, c.Name, c.Slug));
}
