using Shop.Domain.Catalog;
using Shop.Domain.Common;

namespace Shop.Domain.UnitTests.Catalog;

public sealed class ProductTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static Product NewProduct(bool publish = false) =>
        Product.Create("Lamp", "Brass", 19.99m, 3, Guid.NewGuid(), publish, Now);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1.001)]
    [InlineData(1000000.01)]
    public void APrice_IsPositive_WithAtMostTwoPlaces_OrItIsABadPrice(double price) =>
        Assert.Equal("price", Assert.Throws<InvalidValueException>(() => Product.Create("Lamp", "", (decimal)price, 1, Guid.NewGuid(), false, Now)).Field);

    [Fact]
    public void Stock_CannotStartNegative() =>
        Assert.Equal("stock", Assert.Throws<InvalidValueException>(() => Product.Create("Lamp", "", 1m, -1, Guid.NewGuid(), false, Now)).Field);

    [Fact]
    public void EveryEditAndStatusChange_GivesANewVersion()
    {
        var product = NewProduct();
        var versions = new HashSet<Guid> { product.Version };

        product.Update("Lamp", "Copper", 21m, product.CategoryId, Now);
        Assert.True(versions.Add(product.Version));
        product.Publish(Now);
        Assert.True(versions.Add(product.Version));
        product.Unpublish(Now);
        Assert.True(versions.Add(product.Version));
        product.Archive(Now);
        Assert.True(versions.Add(product.Version));
    }

    [Fact]
    public void OnlyAPublishedProduct_IsOrderable_AndAnArchivedOneComesBackThroughDraft()
    {
        var product = NewProduct(publish: true);
        Assert.True(product.IsOrderable);
        Assert.True(new[] { product }.AsQueryable().Any(Product.Orderable));

        product.Archive(Now);
        Assert.False(product.IsOrderable);
        Assert.False(new[] { product }.AsQueryable().Any(Product.Orderable));
        Assert.Throws<DomainException>(() => product.Publish(Now));
        Assert.Equal(ProductStatus.Archived, product.Status);

        product.Unpublish(Now);
        Assert.Equal(ProductStatus.Draft, product.Status);
        Assert.False(product.IsOrderable);
        product.Publish(Now);
        Assert.True(product.IsOrderable);
    }
}

public sealed class CategoryTests
{
    [Theory]
    [InlineData("Books", "books")]
    [InlineData("Home & Kitchen", "home-kitchen")]
    [InlineData("  Tea  &  Coffee 2 ", "tea-coffee-2")]
    [InlineData("Toys -- Games!", "toys-games")]
    public void Slugify_MakesAValidSlug(string name, string slug)
    {
        Assert.Equal(slug, Category.Slugify(name));
        Assert.True(Category.IsValidSlug(slug));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Books")]
    [InlineData("-books")]
    [InlineData("books-")]
    [InlineData("bo--oks")]
    [InlineData("bo oks")]
    public void AnInvalidSlug_IsRefused(string slug)
    {
        Assert.False(Category.IsValidSlug(slug));
        Assert.Equal("slug", Assert.Throws<InvalidValueException>(() => Category.Create("Books", slug == "" ? "!" : slug, DateTimeOffset.UnixEpoch)).Field);
    }
}
