using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;
using Shop.WebApi.FunctionalTests.Shopping;

namespace Shop.WebApi.FunctionalTests.Admin;

public abstract class AdminCategoryTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    [Fact]
    public async Task Create_Read_Rename_Delete()
    {
        var admin = await AdminClientAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];

        var created = await admin.PostAsJsonAsync("/api/v1/admin/categories", new { name = $"Garden & Patio {tag}" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var category = (await created.Content.ReadFromJsonAsync<CategoryDto>(Json, Ct))!;
        Assert.Equal($"garden-patio-{tag}", category.Slug);
        Assert.Equal(category, await admin.GetFromJsonAsync<CategoryDto>(created.Headers.Location!.OriginalString, Json, Ct));
        Assert.Contains(category, (await Anonymous().GetFromJsonAsync<List<CategoryDto>>("/api/v1/categories", Json, Ct))!);

        var renamed = await admin.PutAsJsonAsync($"/api/v1/admin/categories/{category.Id}", new { name = "Garden", slug = $"garden-{tag}" }, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(new CategoryDto(category.Id, "Garden", $"garden-{tag}"), await renamed.Content.ReadFromJsonAsync<CategoryDto>(Json, Ct));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/categories/{category.Id}", Ct)).StatusCode);
        Assert.DoesNotContain((await Anonymous().GetFromJsonAsync<List<CategoryDto>>("/api/v1/categories", Json, Ct))!, c => c.Id == category.Id);
        await ProblemAsync(await admin.DeleteAsync($"/api/v1/admin/categories/{category.Id}", Ct), 404);
    }

    [Fact]
    public async Task Delete_OfACategoryInUse_Is409_EvenWhenItsProductsAreArchived()
    {
        var admin = await AdminClientAsync();
        var product = await NewProductAsync();
        await admin.PostAsync($"/api/v1/admin/products/{product.Id}/archive", null, Ct);

        await ProblemAsync(await admin.DeleteAsync($"/api/v1/admin/categories/{product.Category.Id}", Ct), 409);

        Assert.Equal(product.Category, await admin.GetFromJsonAsync<CategoryDto>($"/api/v1/admin/categories/{product.Category.Id}", Json, Ct));
    }

    [Fact]
    public async Task ADuplicateSlug_Is409_AndABadSlugIs400()
    {
        var admin = await AdminClientAsync();
        var first = await NewCategoryAsync();
        var second = await NewCategoryAsync();

        await ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/categories", new { name = "Copy", slug = first.Slug }, Ct), 409);
        await ProblemAsync(await admin.PutAsJsonAsync($"/api/v1/admin/categories/{second.Id}", new { name = "Copy", slug = first.Slug }, Ct), 409);
        var bad = await ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/categories", new { name = "Bad", slug = "Not A Slug" }, Ct), 400);
        Assert.Contains("slug", bad.Errors!.Keys);
        Assert.Contains("name", (await ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/categories", new { name = "" }, Ct), 400)).Errors!.Keys);
    }
}

[Trait("tier", "sqlite")]
public sealed class AdminCategoryTestsOnSqlite(SqliteApi fixture) : AdminCategoryTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class AdminCategoryTestsOnPostgres(PostgresApi fixture) : AdminCategoryTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class AdminCategoryTestsOnSqlServer(SqlServerApi fixture) : AdminCategoryTests(fixture), IClassFixture<SqlServerApi>;
