using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Shopping;

/// <summary>
/// A product's page, the categories, <c>GET /auth/me</c> and the cart are compiled queries, and EF binds a
/// compiled query to one model; SQLite and PostgreSQL each build their own. Two hosts, one on each, in one
/// process, asked in turn: each answers with its own data.
/// </summary>
public sealed class CompiledReadsAcrossProvidersTests(SqliteApi sqlite, PostgresApi postgres)
    : IClassFixture<SqliteApi>, IClassFixture<PostgresApi>
{
    [Fact]
    public async Task ProductCategoriesAccountAndCart_AnswerOnBothProviders_InTurn()
    {
        Assert.SkipWhen(postgres.Tier.SkipReason is not null, postgres.Tier.SkipReason ?? "");
        var shoppers = new[] { new Shopper(sqlite), new Shopper(postgres), new Shopper(sqlite), new Shopper(postgres) };
        foreach (var shopper in shoppers)
        {
            await shopper.ReadsOwnDataAsync();
        }
    }

    private sealed class Shopper(ApiFixture fixture) : ShopTestBase(fixture)
    {
        public async Task ReadsOwnDataAsync()
        {
            var category = await NewCategoryAsync();
            var product = await NewProductAsync(price: 12.5m, categoryId: category.Id);
            var customer = await NewCustomerAsync();

            var detail = await Anonymous().GetFromJsonAsync<ProductDto>($"/api/v1/products/{product.Id}", Json, Ct);
            Assert.Equal((product.Id, product.Name, 12.5m, category.Slug), (detail!.Id, detail.Name, detail.Price, detail.Category.Slug));

            var categories = await Anonymous().GetFromJsonAsync<List<CategoryDto>>("/api/v1/categories", Json, Ct);
            Assert.Contains(categories!, c => c.Id == category.Id && c.Name == category.Name);

            var me = await customer.Client.GetFromJsonAsync<UserDto>("/api/v1/auth/me", Json, Ct);
            Assert.Equal((customer.Id, customer.Email), (me!.Id, me.Email));

            var put = await PutInCartAsync(customer.Client, product.Id, 2);
            var cart = await customer.Client.GetFromJsonAsync<CartDto>("/api/v1/cart", Json, Ct);
            Assert.Equal(put, cart, new CartComparer());
            Assert.Equal((product.Id, 2, 25m), (cart!.Items.Single().ProductId, cart.Items.Single().Quantity, cart.Total));

            var unknown = await Anonymous().GetAsync($"/api/v1/products/{Guid.NewGuid()}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
    }

    private sealed class CartComparer : IEqualityComparer<CartDto?>
    {
        public bool Equals(CartDto? x, CartDto? y) =>
            x is not null && y is not null && x.Total == y.Total && x.Items.SequenceEqual(y.Items);

        public int GetHashCode(CartDto? obj) => obj?.Total.GetHashCode() ?? 0;
    }
}
