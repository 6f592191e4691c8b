using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Catalog.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Products.Common;

/// <summary>A product as the admin panel sees it: with its status and the version its ETag carries.</summary>
public sealed record AdminProductResponse(
    Guid Id,
    string Name,
    string Description,
    decimal Price,
    int Stock,
    ProductStatus Status,
    Guid Version,
    CategoryResponse Category,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public static class AdminProducts
{
    public static IQueryable<AdminProductResponse> Project(IQueryable<Product> products, IQueryable<Category> categories) =>
        products.Join(categories, p => p.CategoryId, c => c.Id, Shape);

    /// <summary>The admin list's order (newest first, the id breaking ties), then the one shape.</summary>
    public static IQueryable<AdminProductResponse> ProjectNewestFirst(IQueryable<Product> products, IQueryable<Category> categories) =>
        products.Join(categories, p => p.CategoryId, c => c.Id, (p, c) => new ProductInCategory { Product = p, Category = c })
            .OrderByDescending(r => r.Product.CreatedAt).ThenByDescending(r => r.Product.Id)
            .Select(ShapeOfPair);

    public static async Task<AdminProductResponse> ReadAsync(IShopDbContext db, Guid id, CancellationToken ct) =>
        await Project(db.Products.AsNoTracking().Where(p => p.Id == id), db.Categories.AsNoTracking()).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException("The product does not exist.");

    public static AdminProductResponse Response(this Product p, Category c) => ShapeInMemory(p, c);

    private static readonly Expression<Func<Product, Category, AdminProductResponse>> Shape = (p, c) => new AdminProductResponse(
        p.Id, p.Name, p.Description, p.Price, p.Stock, p.Status, p.Version,
        new CategoryResponse(c.Id, c.Name, c.Slug), p.CreatedAt, p.UpdatedAt);

    private static readonly Func<Product, Category, AdminProductResponse> ShapeInMemory = Shape.Compile();

    private static readonly Expression<Func<ProductInCategory, AdminProductResponse>> ShapeOfPair = r => new AdminProductResponse(
        r.Product.Id, r.Product.Name, r.Product.Description, r.Product.Price, r.Product.Stock, r.Product.Status, r.Product.Version,
        new CategoryResponse(r.Category.Id, r.Category.Name, r.Category.Slug), r.Product.CreatedAt, r.Product.UpdatedAt);

    private sealed class ProductInCategory
    {
        public required Product Product { get; init; }
        public required Category Category { get; init; }
    }

    /// <summary>The category a write names, or a 400 on <c>category_id</c> when there is none.</summary>
    public static async Task<Category> RequireCategoryAsync(IShopDbContext db, Guid categoryId, CancellationToken ct) =>
        await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == categoryId, ct)
        ?? throw new FluentValidation.ValidationException(
            [new FluentValidation.Results.ValidationFailure("category_id", "The category does not exist.")]);
}
