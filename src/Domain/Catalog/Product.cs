using System.Linq.Expressions;
using Shop.Domain.Common;

namespace Shop.Domain.Catalog;

public enum ProductStatus
{
    /// <summary>Being prepared; only the admin panel sees it.</summary>
    Draft = 0,

    /// <summary>In the public catalogue and orderable.</summary>
    Published = 1,

    /// <summary>Retired: never shown, never orderable, kept for the orders that name it.</summary>
    Archived = 2,
}

/// <summary>
/// Something the shop sells. Edits and status changes change <see cref="Version"/> (the optimistic
/// concurrency token and the admin panel's ETag); stock moves by relative, conditional updates
/// (checkout, cancel, stock adjustment) that are race-safe on their own and leave the version alone.
/// </summary>
public sealed class Product
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxStock = 1_000_000_000;
    public const decimal MaxPrice = 1_000_000m;

    private Product() { } // for EF

    private static readonly Rule<Product> OrderableRule = new(p => p.Status == ProductStatus.Published);

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public decimal Price { get; private set; }
    public int Stock { get; private set; }
    public ProductStatus Status { get; private set; }
    public Guid CategoryId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid Version { get; private set; }

    /// <summary>Shown in the catalogue, and can be put in a cart and ordered: published.</summary>
    public static Expression<Func<Product, bool>> Orderable => OrderableRule.Expression;

    public bool IsOrderable => OrderableRule.IsSatisfiedBy(this);

    public static Product Create(string name, string description, decimal price, int stock, Guid categoryId, bool publish, DateTimeOffset now, Guid? id = null)
    {
        if (stock is < 0 or > MaxStock)
        {
            throw new InvalidValueException("stock", $"Stock must be between 0 and {MaxStock}.");
        }

        var product = new Product
        {
            Id = id ?? UuidV7.New(now),
            Stock = stock,
            Status = publish ? ProductStatus.Published : ProductStatus.Draft,
            CreatedAt = now,
        };
        product.Update(name, description, price, categoryId, now);
        return product;
    }

    /// <summary>Replaces the editable details. Stock and status have their own operations.</summary>
    public void Update(string name, string description, decimal price, Guid categoryId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (price <= 0 || price > MaxPrice || decimal.Round(price, 2) != price)
        {
            throw new InvalidValueException("price", "A price is a positive amount with at most two decimal places.");
        }

        Name = name.Trim();
        Description = description.Trim();
        Price = price;
        CategoryId = categoryId;
        Touch(now);
    }

    /// <summary>Draft → published (published stays published). An archived product is restored with
    /// <see cref="Unpublish"/> first, so that bringing it back is a deliberate two-step act.</summary>
    public void Publish(DateTimeOffset now)
    {
        if (Status == ProductStatus.Archived)
        {
            throw new DomainException("An archived product cannot be published; unpublish it to bring it back as a draft first.");
        }

        Status = ProductStatus.Published;
        Touch(now);
    }

    /// <summary>Published or archived → draft: out of the catalogue, editable, publishable again.</summary>
    public void Unpublish(DateTimeOffset now)
    {
        Status = ProductStatus.Draft;
        Touch(now);
    }

    /// <summary>Any status → archived: never shown and never orderable again until unpublished.</summary>
    public void Archive(DateTimeOffset now)
    {
        Status = ProductStatus.Archived;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
