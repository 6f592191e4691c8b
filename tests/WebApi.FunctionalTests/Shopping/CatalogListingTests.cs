using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Domain.Catalog;
using Shop.Infrastructure.Catalog;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Shopping;

/// <summary>
/// The catalogue listing keeps totals and deep-page positions between requests: whatever it keeps, a
/// client sees the same pages a plain OFFSET would give, and totals that follow the admin's edits at once.
/// </summary>
public abstract class CatalogListingTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    private const int PageSize = 20;

    [Fact]
    public async Task DeepPages_ListTheSameProducts_AsAPlainOffsetWould()
    {
        // More products than one anchor step, with runs of equal prices and equal creation times, so
        // deep pages start inside groups of equal sort keys.
        var category = await NewCategoryAsync();
        var count = CatalogListingCache.Step + (CatalogListingCache.Step / 2) + 7;
        var start = Api.Time.GetUtcNow();
        await WithDbAsync(db =>
        {
            for (var i = 0; i < count; i++)
            {
                db.Products.Add(Product.Create(
                    // Names that differ only in case: equal on SQL Server's default collation, so they tie there.
                    $"{(i % 2 == 0 ? "listing" : "LISTING")} {i % 97:D3}", "Paged by a test.", 1m + (i % 7), 5, category.Id, publish: i % 10 != 3,
                    start.AddSeconds(-(i / 3))));
            }

            return db.SaveChangesAsync(Ct);
        });

        foreach (var sort in new[] { "newest", "price", "-price", "name" })
        {
            foreach (var page in new[] { 1, 50, 51, 52, 67, 68, 69, 70 })
            {
                var listed = await Anonymous().GetFromJsonAsync<PageDto<ProductDto>>(
                    $"/api/v1/products?category={category.Slug}&sort={sort}&page={page}&page_size={PageSize}", Json, Ct);
                var expected = await WithDbAsync(db => Ordered(db.Products.AsNoTracking()
                        .Where(p => p.CategoryId == category.Id && p.Status == ProductStatus.Published), sort)
                    .Skip((page - 1) * PageSize).Take(PageSize).Select(p => p.Id).ToListAsync(Ct));

                Assert.Equal(expected, listed!.Items.Select(p => p.Id).ToList());
                Assert.Equal(count - (count / 10) - (count % 10 > 3 ? 1 : 0), listed.Total);
            }
        }
    }

    [Fact]
    public async Task Total_FollowsProductsAddedAndUnpublished_RightAway()
    {
        var category = await NewCategoryAsync();
        await NewProductAsync(categoryId: category.Id);
        await NewProductAsync(categoryId: category.Id);
        Assert.Equal(2, (await ListAsync(category.Slug)).Total);

        var added = await NewProductAsync(categoryId: category.Id);
        Assert.Equal(3, (await ListAsync(category.Slug)).Total);

        var admin = await AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/products/{added.Id}/unpublish", null, Ct)).StatusCode);
        var listed = await ListAsync(category.Slug);
        Assert.Equal(2, listed.Total);
        Assert.DoesNotContain(listed.Items, p => p.Id == added.Id);
    }

    [Fact]
    public async Task CategorySlug_MovedToAnotherCategory_ListsThatCategory_RightAway()
    {
        var first = await NewCategoryAsync();
        var second = await NewCategoryAsync();
        var inFirst = await NewProductAsync(categoryId: first.Id);
        var inSecond = await NewProductAsync(categoryId: second.Id);
        Assert.Equal([inFirst.Id], (await ListAsync(first.Slug)).Items.Select(p => p.Id));

        // The first category gives its slug up and the second takes it: the slug now lists the second.
        var admin = await AdminClientAsync();
        var slug = first.Slug;
        var moved = await admin.PutAsJsonAsync($"/api/v1/admin/categories/{first.Id}", new { name = first.Name, slug = slug + "-old" }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(0, (await ListAsync(slug)).Total);
        var taken = await admin.PutAsJsonAsync($"/api/v1/admin/categories/{second.Id}", new { name = second.Name, slug }, Ct);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);

        Assert.Equal([inSecond.Id], (await ListAsync(slug)).Items.Select(p => p.Id));
        Assert.Equal([inFirst.Id], (await ListAsync(slug + "-old")).Items.Select(p => p.Id));
    }

    private async Task<PageDto<ProductDto>> ListAsync(string slug) =>
        (await Anonymous().GetFromJsonAsync<PageDto<ProductDto>>($"/api/v1/products?category={slug}", Json, Ct))!;

    private static IQueryable<Product> Ordered(IQueryable<Product> products, string sort) => sort switch
    {
        "name" => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
        "price" => products.OrderBy(p => p.Price).ThenBy(p => p.Id),
        "-price" => products.OrderByDescending(p => p.Price).ThenByDescending(p => p.Id),
        _ => products.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
    };
}

[Trait("tier", "sqlite")]
public sealed class CatalogListingTestsOnSqlite(SqliteApi fixture) : CatalogListingTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class CatalogListingTestsOnPostgres(PostgresApi fixture) : CatalogListingTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class CatalogListingTestsOnSqlServer(SqlServerApi fixture) : CatalogListingTests(fixture), IClassFixture<SqlServerApi>;
