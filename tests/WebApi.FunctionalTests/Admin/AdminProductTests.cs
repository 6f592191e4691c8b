using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;
using Shop.WebApi.FunctionalTests.Shopping;

namespace Shop.WebApi.FunctionalTests.Admin;

public abstract class AdminProductTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    [Fact]
    public async Task Create_Answers201_WithLocationAndETag_AndADraftStaysOutOfTheCatalogue()
    {
        var admin = await AdminClientAsync();
        var category = await NewCategoryAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/products", new
        {
            name = "Lantern",
            description = "Brass",
            price = 30.00m,
            stock = 4,
            category_id = category.Id,
            publish = false,
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var product = (await response.Content.ReadFromJsonAsync<AdminProductDto>(Json, Ct))!;
        Assert.Equal($"/api/v1/admin/products/{product.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal($"\"{product.Version}\"", response.Headers.ETag!.Tag);
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.Equal(("Lantern", "draft", 4, category.Id), (product.Name, product.Status, product.Stock, product.Category.Id));
        await ProblemAsync(await Anonymous().GetAsync($"/api/v1/products/{product.Id}", Ct), 404);

        var read = await admin.GetAsync($"/api/v1/admin/products/{product.Id}", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);
    }

    [Fact]
    public async Task Update_WithoutIfMatch_Is428_WithTheCurrentETag_Is200_WithAStaleOne_Is412()
    {
        var admin = await AdminClientAsync();
        var product = await NewProductAsync(price: 10.00m);
        var body = new { name = "Renamed", description = "New words", price = 11.00m, category_id = product.Category.Id };

        await ProblemAsync(await admin.PutAsJsonAsync($"/api/v1/admin/products/{product.Id}", body, Ct), 428);

        var current = (await admin.GetAsync($"/api/v1/admin/products/{product.Id}", Ct)).Headers.ETag!;
        var updated = await admin.SendAsync(Put(product.Id, body, current), Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = (await updated.Content.ReadFromJsonAsync<AdminProductDto>(Json, Ct))!;
        Assert.Equal(("Renamed", 11.00m), (after.Name, after.Price));
        Assert.NotEqual(current, updated.Headers.ETag);
        Assert.Equal($"\"{after.Version}\"", updated.Headers.ETag!.Tag);

        // the ETag read before that update is now stale: nothing changes
        var stale = await admin.SendAsync(Put(product.Id, body with { name = "Lost update" }, current), Ct);
        await ProblemAsync(stale, 412);
        var read = await admin.GetFromJsonAsync<AdminProductDto>($"/api/v1/admin/products/{product.Id}", Json, Ct);
        Assert.Equal("Renamed", read!.Name);

        // a weak tag never matches If-Match
        await ProblemAsync(await admin.SendAsync(Put(product.Id, body, new EntityTagHeaderValue(updated.Headers.ETag.Tag, isWeak: true)), Ct), 412);
        Assert.Equal(11.00m, (await Anonymous().GetFromJsonAsync<ProductDto>($"/api/v1/products/{product.Id}", Json, Ct))!.Price);
    }

    [Fact]
    public async Task Update_OfAnUnknownProduct_Is404_AndABadBodyIs400()
    {
        var admin = await AdminClientAsync();
        var product = await NewProductAsync();
        var etag = (await admin.GetAsync($"/api/v1/admin/products/{product.Id}", Ct)).Headers.ETag!;

        await ProblemAsync(await admin.SendAsync(Put(Guid.NewGuid(), new { name = "x", price = 1m, category_id = product.Category.Id }, etag), Ct), 404);
        var problem = await ProblemAsync(await admin.SendAsync(Put(product.Id, new { name = "", price = 1.001m, category_id = Guid.NewGuid() }, etag), Ct), 400);
        Assert.Contains("name", problem.Errors!.Keys);
        Assert.Contains("price", problem.Errors.Keys);
        var unknownCategory = await ProblemAsync(await admin.SendAsync(Put(product.Id, new { name = "x", price = 1m, category_id = Guid.NewGuid() }, etag), Ct), 400);
        Assert.Contains("category_id", unknownCategory.Errors!.Keys);
    }

    [Fact]
    public async Task PublishUnpublishArchive_MoveTheProductInAndOutOfTheCatalogue()
    {
        var admin = await AdminClientAsync();
        var product = await NewProductAsync(publish: false);

        async Task<string> Do(string action)
        {
            var response = await admin.PostAsync($"/api/v1/admin/products/{product.Id}/{action}", null, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = (await response.Content.ReadFromJsonAsync<AdminProductDto>(Json, Ct))!;
            Assert.Equal($"\"{body.Version}\"", response.Headers.ETag!.Tag);
            return body.Status;
        }

        async Task<HttpStatusCode> Public() => (await Anonymous().GetAsync($"/api/v1/products/{product.Id}", Ct)).StatusCode;

        Assert.Equal("published", await Do("publish"));
        Assert.Equal(HttpStatusCode.OK, await Public());
        Assert.Equal("draft", await Do("unpublish"));
        Assert.Equal(HttpStatusCode.NotFound, await Public());
        Assert.Equal("published", await Do("publish"));
        Assert.Equal("archived", await Do("archive"));
        Assert.Equal(HttpStatusCode.NotFound, await Public());

        // an archived product comes back only through draft
        await ProblemAsync(await admin.PostAsync($"/api/v1/admin/products/{product.Id}/publish", null, Ct), 409);
        Assert.Equal(HttpStatusCode.NotFound, await Public());
        Assert.Equal("draft", await Do("unpublish"));
        Assert.Equal("published", await Do("publish"));

        await ProblemAsync(await admin.PostAsync($"/api/v1/admin/products/{Guid.NewGuid()}/publish", null, Ct), 404);
    }

    [Fact]
    public async Task TheAdminList_ShowsEveryStatus_AndFiltersByStatus()
    {
        var admin = await AdminClientAsync();
        var tag = Guid.NewGuid().ToString("N");
        var draft = await NewProductAsync(publish: false, name: $"D {tag}");
        var published = await NewProductAsync(name: $"P {tag}");
        var archived = await NewProductAsync(name: $"A {tag}");
        await admin.PostAsync($"/api/v1/admin/products/{archived.Id}/archive", null, Ct);

        var all = await admin.GetFromJsonAsync<PageDto<AdminProductDto>>($"/api/v1/admin/products?q={tag}", Json, Ct);
        Assert.Equal(3, all!.Total);
        Assert.Equal(["archived", "draft", "published"], all.Items.Select(p => p.Status).Order());

        var drafts = await admin.GetFromJsonAsync<PageDto<AdminProductDto>>($"/api/v1/admin/products?q={tag}&status=draft", Json, Ct);
        Assert.Equal([draft.Id], drafts!.Items.Select(p => p.Id));
        var archivedOnly = await admin.GetFromJsonAsync<PageDto<AdminProductDto>>($"/api/v1/admin/products?q={tag}&status=archived", Json, Ct);
        Assert.Equal([archived.Id], archivedOnly!.Items.Select(p => p.Id));
        Assert.DoesNotContain(published.Id, archivedOnly.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task Stock_MovesByDelta_AndNeverBelowZero()
    {
        var admin = await AdminClientAsync();
        var product = await NewProductAsync(stock: 3);

        var added = await admin.PostAsJsonAsync($"/api/v1/admin/products/{product.Id}/stock", new { delta = 7 }, Ct);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(10, (await added.Content.ReadFromJsonAsync<AdminProductDto>(Json, Ct))!.Stock);

        var removed = await admin.PostAsJsonAsync($"/api/v1/admin/products/{product.Id}/stock", new { delta = -10 }, Ct);
        Assert.Equal(0, (await removed.Content.ReadFromJsonAsync<AdminProductDto>(Json, Ct))!.Stock);

        await ProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/products/{product.Id}/stock", new { delta = -1 }, Ct), 409);
        Assert.Equal(0, await StockOfAsync(product.Id));
        await ProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/products/{product.Id}/stock", new { delta = 0 }, Ct), 400);
        await ProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/products/{Guid.NewGuid()}/stock", new { delta = 1 }, Ct), 404);
    }

    [Fact]
    public async Task Create_RefusesBadInput_And_AnUnknownCategory()
    {
        var admin = await AdminClientAsync();
        var category = await NewCategoryAsync();

        var bad = await admin.PostAsJsonAsync("/api/v1/admin/products",
            new { name = "", price = -1m, stock = -1, category_id = category.Id }, Ct);
        var problem = await ProblemAsync(bad, 400);
        Assert.Contains("name", problem.Errors!.Keys);
        Assert.Contains("price", problem.Errors.Keys);
        Assert.Contains("stock", problem.Errors.Keys);

        var unknown = await admin.PostAsJsonAsync("/api/v1/admin/products",
            new { name = "Orphan", price = 1m, stock = 1, category_id = Guid.NewGuid() }, Ct);
        Assert.Contains("category_id", (await ProblemAsync(unknown, 400)).Errors!.Keys);
    }

    private static HttpRequestMessage Put<T>(Guid id, T body, EntityTagHeaderValue ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/products/{id}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(ifMatch);
        return request;
    }
}

[Trait("tier", "sqlite")]
public sealed class AdminProductTestsOnSqlite(SqliteApi fixture) : AdminProductTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class AdminProductTestsOnPostgres(PostgresApi fixture) : AdminProductTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class AdminProductTestsOnSqlServer(SqlServerApi fixture) : AdminProductTests(fixture), IClassFixture<SqlServerApi>;
