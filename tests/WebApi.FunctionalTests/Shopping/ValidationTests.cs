using System.Net.Http.Json;
using System.Text;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Shopping;

/// <summary>Bad input is a 400 problem with the field named as the API names it; nothing reaches the database.</summary>
public abstract class ValidationTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("101")]
    [InlineData("2147483648")]
    [InlineData("1.5")]
    [InlineData("\"two\"")]
    [InlineData("null")]
    public async Task ABadQuantity_Is400_AndTheCartIsUnchanged(string quantity)
    {
        var product = await NewProductAsync();
        var customer = await NewCustomerAsync();

        var response = await customer.Client.PutAsync($"/api/v1/cart/items/{product.Id}",
            new StringContent($"{{\"quantity\":{quantity}}}", Encoding.UTF8, "application/json"), Ct);

        var problem = await ProblemAsync(response, 400);
        Assert.Contains("quantity", problem.Errors!.Keys);
        Assert.Empty((await customer.Client.GetFromJsonAsync<CartDto>("/api/v1/cart", Json, Ct))!.Items);
    }

    [Fact]
    public async Task TheQuantityBounds_AreAccepted()
    {
        var product = await NewProductAsync();
        var customer = await NewCustomerAsync();

        Assert.Equal(1, (await PutInCartAsync(customer.Client, product.Id, 1)).Items[0].Quantity);
        Assert.Equal(100, (await PutInCartAsync(customer.Client, product.Id, 100)).Items[0].Quantity);
    }

    [Theory]
    [InlineData("GET", "/api/v1/products/not-a-guid", "id")]
    [InlineData("GET", "/api/v1/orders/123", "id")]
    [InlineData("POST", "/api/v1/orders/not-a-guid/cancel", "id")]
    [InlineData("PUT", "/api/v1/cart/items/not-a-guid", "product_id")]
    [InlineData("DELETE", "/api/v1/cart/items/not-a-guid", "product_id")]
    public async Task ANonGuidId_Is400(string method, string path, string field)
    {
        var customer = await NewCustomerAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "PUT" ? JsonContent.Create(new { quantity = 1 }) : null,
        };

        var problem = await ProblemAsync(await customer.Client.SendAsync(request, Ct), 400);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=2147483648", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page_size=1000", "page_size")]
    [InlineData("sort=price;drop", "sort")]
    [InlineData("sort=Price", "sort")]
    [InlineData("sort=stock", "sort")]
    [InlineData("min_price=-1", "min_price")]
    [InlineData("min_price=abc", "min_price")]
    [InlineData("min_price=10&max_price=5", "max_price")]
    [InlineData("min_price=9.999", "min_price")]
    [InlineData("max_price=10.001", "max_price")]
    [InlineData("max_price=1000000.01", "max_price")]
    public async Task ABadCatalogueQuery_Is400(string query, string field)
    {
        var problem = await ProblemAsync(await Anonymous().GetAsync($"/api/v1/products?{query}", Ct), 400);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Theory]
    [InlineData("/api/v1/orders?page=0", "page")]
    [InlineData("/api/v1/orders?page_size=1000", "page_size")]
    public async Task ABadOrdersPage_Is400(string path, string field)
    {
        var customer = await NewCustomerAsync();

        var problem = await ProblemAsync(await customer.Client.GetAsync(path, Ct), 400);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Theory]
    [InlineData("/api/v1/admin/products?page=0", "page")]
    [InlineData("/api/v1/admin/products?page_size=1000", "page_size")]
    [InlineData("/api/v1/admin/products?status=deleted", "status")]
    [InlineData("/api/v1/admin/products?status=1", "status")]
    [InlineData("/api/v1/admin/orders?status=lost", "status")]
    [InlineData("/api/v1/admin/orders?page_size=0", "page_size")]
    [InlineData("/api/v1/admin/users?page=0", "page")]
    public async Task ABadAdminQuery_Is400(string path, string field)
    {
        var admin = await AdminClientAsync();

        var problem = await ProblemAsync(await admin.GetAsync(path, Ct), 400);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Fact]
    public async Task ALongIdempotencyKey_Is400_AndNoOrderIsMade()
    {
        var product = await NewProductAsync(stock: 5);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, product.Id, 1);

        await ProblemAsync(await CheckoutAsync(customer.Client, new string('k', 101)), 400);

        Assert.Equal(5, await StockOfAsync(product.Id));
    }

    [Fact]
    public async Task TheLargestPageSize_IsAccepted()
    {
        var page = await Anonymous().GetFromJsonAsync<PageDto<ProductDto>>("/api/v1/products?page=3&page_size=100", Json, Ct);

        Assert.Equal((3, 100), (page!.Page, page.PageSize));
    }
}

[Trait("tier", "sqlite")]
public sealed class ValidationTestsOnSqlite(SqliteApi fixture) : ValidationTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class ValidationTestsOnPostgres(PostgresApi fixture) : ValidationTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class ValidationTestsOnSqlServer(SqlServerApi fixture) : ValidationTests(fixture), IClassFixture<SqlServerApi>;
