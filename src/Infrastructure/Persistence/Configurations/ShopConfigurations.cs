using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Domain.Carts;
using Shop.Domain.Catalog;
using Shop.Domain.Orders;
using Shop.Domain.Users;

namespace Shop.Infrastructure.Persistence.Configurations;

internal static class Money
{
    /// <summary>decimal(18,2) where the provider has decimals (SQLite stores a sortable REAL, see ShopDbContext).</summary>
    public static PropertyBuilder<decimal> AsMoney(this PropertyBuilder<decimal> property) => property.HasPrecision(18, 2);
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable("categories");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(Category.MaxNameLength).IsRequired();
        builder.Property(c => c.Slug).HasMaxLength(Category.MaxSlugLength).IsRequired();
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.HasIndex(c => c.Name);
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(Product.MaxNameLength).IsRequired();
        builder.Property(p => p.Description).HasMaxLength(Product.MaxDescriptionLength).IsRequired();
        builder.Property(p => p.Price).AsMoney();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(p => p.IsOrderable);

        // The public catalogue always filters on status first, then sorts by one of these; the id is the
        // tie-breaker of every sort, so a page is read in index order without a sort step.
        // Browsing one category is the same with the category first: a category page is one index range,
        // however large the catalogue and whatever the category's share of it.
        builder.HasIndex(p => new { p.Status, p.Name, p.Id });
        builder.HasIndex(p => new { p.Status, p.Price, p.Id });
        builder.HasIndex(p => new { p.Status, p.CreatedAt, p.Id });
        builder.HasIndex(p => new { p.CategoryId, p.Status, p.Name, p.Id });
        builder.HasIndex(p => new { p.CategoryId, p.Status, p.Price, p.Id });
        builder.HasIndex(p => new { p.CategoryId, p.Status, p.CreatedAt, p.Id });
    }
}

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> builder)
    {
        builder.ToTable("carts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => c.UserId).IsUnique(); // one cart per user
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CartId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CartItemConfiguration : IEntityTypeConfiguration<CartItem>
{
    public void Configure(EntityTypeBuilder<CartItem> builder)
    {
        builder.ToTable("cart_items");
        builder.HasKey(i => new { i.CartId, i.ProductId });
        builder.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => i.ProductId);
    }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Total).AsMoney();
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasOne<User>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(o => o.CanCancel);

        builder.HasIndex(o => new { o.UserId, o.CreatedAt }); // "my orders, newest first"
        builder.HasIndex(o => new { o.Status, o.CreatedAt }); // the admin panel's filter
        builder.HasIndex(o => o.CreatedAt);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("order_lines");
        builder.HasKey(l => new { l.OrderId, l.LineNo });
        builder.Property(l => l.Name).HasMaxLength(Product.MaxNameLength).IsRequired();
        builder.Property(l => l.UnitPrice).AsMoney();
        builder.Property(l => l.LineTotal).AsMoney();
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.ProductId);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(r => new { r.UserId, r.Key }); // the unique (user_id, key) that settles a race
        builder.Property(r => r.Key).HasMaxLength(IdempotencyRecord.MaxKeyLength).IsRequired();
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.OrderId);
        builder.HasIndex(r => r.CreatedAt); // the cleanup job deletes keys past their window
    }
}
