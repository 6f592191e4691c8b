using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Shopping;

/// <summary>
/// The public catalogue's answers come from the output cache: the same for every caller, evicted at once by
/// an admin's change, never holding a checkout's stock longer than <c>Catalog:PageCacheSeconds</c> (three
/// seconds here: room for a loaded machine between two reads that must meet the same cached answer), with an
/// ETag that answers 304; CORS and security headers stay on the cached answers.
/// </summary>
public abstract class CatalogPageCacheTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    public const string Origin = "https://shop.example";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Catalog:PageCacheSeconds"] = "3",
        ["Cors:AllowedOrigins:0"] = Origin,
    };

    [Fact]
    public async Task ABearerAndAnAnonymousRequest_GetTheSameCachedAnswer_ButPersonalRoutesAreNeverCached()
    {
        var product = await NewProductAsync();
        var customer = await NewCustomerAsync();
        var other = await NewCustomerAsync();
        foreach (var path in new[] { $"/api/v1/products?category={product.Category.Id}", $"/api/v1/products/{product.Id}", "/api/v1/categories" })
        {
            var anonymous = await Anonymous().GetAsync(path, Ct);
            var bearer = await customer.Client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
            Assert.Equal(await anonymous.Content.ReadAsStringAsync(Ct), await bearer.Content.ReadAsStringAsync(Ct));
            Assert.Equal(anonymous.Headers.ETag, bearer.Headers.ETag);
            Assert.NotNull(bearer.Headers.Age); // the second one came from the cache
        }

        // The caller's own data is read for each caller, never from the cache.
        foreach (var user in new[] { customer, other, customer })
        {
            var me = await user.Client.GetAsync("/api/v1/auth/me", Ct);
            Assert.Equal(user.Email, (await me.Content.ReadFromJsonAsync<UserDto>(Json, Ct))!.Email);
            Assert.Null(me.Headers.Age);
            Assert.Contains("no-store", me.Headers.CacheControl!.ToString());
            var cart = await user.Client.GetAsync("/api/v1/cart", Ct);
            Assert.Null(cart.Headers.Age);
        }
    }

    [Fact]
    public async Task AnAdminsChange_IsOnThePublicAnswers_AtOnce()
    {
        var admin = await AdminClientAsync();
        var category = await NewCategoryAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/admin/products", new
        {
            name = Unique("Before"),
            description = "Cached.",
            price = 10m,
            stock = 5,
            category_id = category.Id,
            publish = true,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = (await created.Content.ReadFromJsonAsync<AdminProductDto>(Json, Ct))!;
        var list = $"/api/v1/products?category={category.Slug}";
        var detail = $"/api/v1/products/{product.Id}";
        await CachedAsync(list);
        await CachedAsync(detail);
        await CachedAsync("/api/v1/categories");

        // An edit of the product: its page and every list, at once (the answers live three seconds otherwise).
        var renamed = Unique("After");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/products/{product.Id}")
        {
            Content = JsonContent.Create(new { name = renamed, description = "Cached.", price = 11m, category_id = category.Id }),
        };
        put.Headers.IfMatch.Add(created.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(put, Ct)).StatusCode);
        Assert.Equal(renamed, Assert.Single((await Anonymous().GetFromJsonAsync<PageDto<ProductDto>>(list, Json, Ct))!.Items).Name);
        Assert.Equal((renamed, 11m), await NameAndPriceAsync(detail));

        // An admin's stock adjustment (a set-based update) evicts too.
        await CachedAsync(detail);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/admin/products/{product.Id}/stock", new { delta = 7 }, Ct)).StatusCode);
        Assert.Equal(12, (await Anonymous().GetFromJsonAsync<ProductDto>(detail, Json, Ct))!.Stock);

        // Unpublished: gone from the list and the detail at once.
        await CachedAsync(list);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/products/{product.Id}/unpublish", null, Ct)).StatusCode);
        Assert.Empty((await Anonymous().GetFromJsonAsync<PageDto<ProductDto>>(list, Json, Ct))!.Items);
        await ProblemAsync(await Anonymous().GetAsync(detail, Ct), 404);

        // A category renamed and one deleted: the categories list at once.
        var spare = await NewCategoryAsync();
        await CachedAsync("/api/v1/categories");
        var newName = Unique("Renamed");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/categories/{category.Id}", new { name = newName }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/categories/{spare.Id}", Ct)).StatusCode);
        var categories = (await Anonymous().GetFromJsonAsync<List<CategoryDto>>("/api/v1/categories", Json, Ct))!;
        Assert.Contains(categories, c => c.Id == category.Id && c.Name == newName);
        Assert.DoesNotContain(categories, c => c.Id == spare.Id);
    }

    [Fact]
    public async Task IfNoneMatch_Is304FromTheCache_AndTheStockShownLagsAtMostPageCacheSeconds()
    {
        var product = await NewProductAsync(stock: 5);
        var detail = $"/api/v1/products/{product.Id}";
        var first = await Anonymous().GetAsync(detail, Ct);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal(5, (await first.Content.ReadFromJsonAsync<ProductDto>(Json, Ct))!.Stock);

        // A checkout's stock move does not evict (a set-based update, as checkout makes): within the answer's
        // three seconds the cache answers, 304 to the ETag it gave.
        var clock = Stopwatch.StartNew();
        await WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, 2), Ct));
        var again = await ConditionalGetAsync(detail, etag);
        if (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Equal(etag, again.Headers.ETag);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync(Ct));
        }

        // Then the stock shows, with a new ETag, no later than the three seconds after.
        HttpResponseMessage fresh;
        do
        {
            fresh = await ConditionalGetAsync(detail, etag);
        }
        while (fresh.StatusCode == HttpStatusCode.NotModified && clock.Elapsed < TimeSpan.FromSeconds(8));

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"the stock showed {clock.Elapsed.TotalSeconds:F1} s after it moved");
        Assert.Equal(2, (await fresh.Content.ReadFromJsonAsync<ProductDto>(Json, Ct))!.Stock);
        Assert.NotEqual(etag, fresh.Headers.ETag);

        // The fresh ETag, asked again: 304, with the ETag and no body.
        var same = await ConditionalGetAsync(detail, fresh.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Equal(fresh.Headers.ETag, same.Headers.ETag);
    }

    [Fact]
    public async Task Checkout_NeverTrustsTheStockShown_OnACachedPage()
    {
        var product = await NewProductAsync(stock: 1);
        var detail = $"/api/v1/products/{product.Id}";
        await CachedAsync(detail);
        var (first, second) = (await NewCustomerAsync(), await NewCustomerAsync());
        await PutInCartAsync(first.Client, product.Id, 1);
        await PutInCartAsync(second.Client, product.Id, 1);
        await PlaceOrderAsync(first.Client);

        // Whatever the cached page still says, the last unit is gone.
        await ProblemAsync(await CheckoutAsync(second.Client), 409);
        Assert.Equal(0, await StockOfAsync(product.Id));
    }

    [Fact]
    public async Task CachedAnswers_KeepCorsAndSecurityHeaders_PerOrigin()
    {
        var product = await NewProductAsync();
        var path = $"/api/v1/products/{product.Id}";
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", Origin);
            var response = await Anonymous().SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
            Assert.Contains("ETag", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal(i == 1, response.Headers.Age is not null);
        }

        // Another origin never gets the first origin's CORS answer from the cache.
        using var foreign = new HttpRequestMessage(HttpMethod.Get, path);
        foreign.Headers.Add("Origin", "https://evil.example");
        var refused = await Anonymous().SendAsync(foreign, Ct);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("nosniff", Assert.Single(refused.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task InvalidQueries_AreRefusedEveryTime_NeverCached()
    {
        for (var i = 0; i < 2; i++)
        {
            var response = await Anonymous().GetAsync("/api/v1/products?page=0&sort=cheapest", Ct);
            await ProblemAsync(response, 400);
            Assert.Null(response.Headers.Age);
        }
    }

    /// <summary>Asks twice; the second answer must come from the cache (it has an Age).</summary>
    private async Task CachedAsync(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync(path, Ct)).StatusCode);
        var again = await Anonymous().GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotNull(again.Headers.Age);
    }

    private async Task<(string, decimal)> NameAndPriceAsync(string detail)
    {
        var product = (await Anonymous().GetFromJsonAsync<ProductDto>(detail, Json, Ct))!;
        return (product.Name, product.Price);
    }

    private async Task<HttpResponseMessage> ConditionalGetAsync(string path, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        return await Anonymous().SendAsync(request, Ct);
    }
}

public sealed class CatalogCacheSqliteApi : ApiFixture
{
    protected override DatabaseTier CreateTier() => new SqliteTier();

    protected override IReadOnlyDictionary<string, string?> Settings => CatalogPageCacheTests.Settings;
}

public sealed class CatalogCachePostgresApi : ApiFixture
{
    protected override DatabaseTier CreateTier() => new PostgresTier();

    protected override IReadOnlyDictionary<string, string?> Settings => CatalogPageCacheTests.Settings;
}

[Trait("tier", "sqlite")]
public sealed class CatalogPageCacheTestsOnSqlite(CatalogCacheSqliteApi fixture) : CatalogPageCacheTests(fixture), IClassFixture<CatalogCacheSqliteApi>;

[Trait("tier", "postgres")]
public sealed class CatalogPageCacheTestsOnPostgres(CatalogCachePostgresApi fixture) : CatalogPageCacheTests(fixture), IClassFixture<CatalogCachePostgresApi>;
