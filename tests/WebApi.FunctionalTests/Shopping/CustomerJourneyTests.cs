using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Shopping;

public abstract class CustomerJourneyTests(ApiFixture fixture) : ShopTestBase(fixture)
{
    [Fact]
    public async Task Browse_Search_Cart_Order_List_Detail_Cancel()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var category = await NewCategoryAsync();
        var kettle = await NewProductAsync(price: 24.50m, stock: 5, name: $"Kettle {tag}", categoryId: category.Id);
        var teapot = await NewProductAsync(price: 12.25m, stock: 3, name: $"Teapot {tag}", categoryId: category.Id);
        var customer = await NewCustomerAsync();

        // browse: the category, anonymously, sorted by price
        var page = await Anonymous().GetFromJsonAsync<PageDto<ProductDto>>($"/api/v1/products?category={category.Slug}&sort=price", Json, Ct);
        Assert.Equal([teapot.Id, kettle.Id], page!.Items.Select(p => p.Id));
        Assert.Equal(2, page.Total);
        Assert.Equal(new CategoryDto(category.Id, category.Name, category.Slug), page.Items[0].Category);

        // search: any case, name or description
        var found = await customer.Client.GetFromJsonAsync<PageDto<ProductDto>>($"/api/v1/products?q=KETTLE%20{tag.ToUpperInvariant()}", Json, Ct);
        Assert.Equal(kettle.Id, Assert.Single(found!.Items).Id);

        var detail = await Anonymous().GetFromJsonAsync<ProductDto>($"/api/v1/products/{kettle.Id}", Json, Ct);
        Assert.Equal(24.50m, detail!.Price);
        Assert.Equal(5, detail.Stock);

        // cart: add, change, totals from the current prices
        await PutInCartAsync(customer.Client, kettle.Id, 1);
        await PutInCartAsync(customer.Client, teapot.Id, 1);
        var cart = await PutInCartAsync(customer.Client, kettle.Id, 2);
        Assert.Equal(2, cart.Items.Count);
        Assert.Equal(new CartItemDto(kettle.Id, kettle.Name, 24.50m, 2, 49.00m), cart.Items.Single(i => i.ProductId == kettle.Id));
        Assert.Equal(61.25m, cart.Total);

        // order
        var order = await PlaceOrderAsync(customer.Client);
        Assert.Equal("pending", order.Status);
        Assert.Equal(61.25m, order.Total);
        Assert.Equal(2, order.Items.Count);
        Assert.Equal(3, await StockOfAsync(kettle.Id));
        Assert.Equal(2, await StockOfAsync(teapot.Id));
        var emptied = await customer.Client.GetFromJsonAsync<CartDto>("/api/v1/cart", Json, Ct);
        Assert.Empty(emptied!.Items);
        Assert.Equal(0m, emptied.Total);

        // list and detail
        var mine = await customer.Client.GetFromJsonAsync<PageDto<OrderDto>>("/api/v1/orders", Json, Ct);
        Assert.Equal(order.Id, Assert.Single(mine!.Items).Id);
        var read = await customer.Client.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{order.Id}", Json, Ct);
        Assert.Equal(order.Items, read!.Items);
        Assert.Equal(61.25m, read.Total);

        // cancel: the stock comes back, and a second cancel is a conflict
        var cancel = await customer.Client.PostAsync($"/api/v1/orders/{order.Id}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<OrderDto>(Json, Ct))!.Status);
        Assert.Equal(5, await StockOfAsync(kettle.Id));
        Assert.Equal(3, await StockOfAsync(teapot.Id));
        await ProblemAsync(await customer.Client.PostAsync($"/api/v1/orders/{order.Id}/cancel", null, Ct), 409);
        Assert.Equal(5, await StockOfAsync(kettle.Id));
    }

    [Fact]
    public async Task Order_KeepsTheNameAndPriceOfCheckout_WhenTheProductChangesLater()
    {
        var product = await NewProductAsync(price: 8.00m);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, product.Id, 3);
        var order = await PlaceOrderAsync(customer.Client);

        var admin = await AdminClientAsync();
        var current = await admin.GetAsync($"/api/v1/admin/products/{product.Id}", Ct);
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/products/{product.Id}")
        {
            Content = JsonContent.Create(new { name = "Renamed", price = 99.99m, category_id = product.Category.Id }),
        };
        update.Headers.IfMatch.Add(current.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(update, Ct)).StatusCode);

        var read = await customer.Client.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{order.Id}", Json, Ct);
        var line = Assert.Single(read!.Items);
        Assert.Equal((product.Name, 8.00m, 3, 24.00m), (line.Name, line.UnitPrice, line.Quantity, line.LineTotal));
        Assert.Equal(24.00m, read.Total);
    }

    [Fact]
    public async Task Cart_DoesNotRevealAProductUnpublishedAndRenamedAfterwards_ButMarksItUnavailable()
    {
        var product = await NewProductAsync(price: 8.00m);
        var kept = await NewProductAsync(price: 2.00m);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, product.Id, 2);
        await PutInCartAsync(customer.Client, kept.Id, 1);

        var admin = await AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/products/{product.Id}/unpublish", null, Ct)).StatusCode);
        var current = await admin.GetAsync($"/api/v1/admin/products/{product.Id}", Ct);
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/products/{product.Id}")
        {
            Content = JsonContent.Create(new { name = "Secret spring launch", price = 123.45m, category_id = product.Category.Id }),
        };
        update.Headers.IfMatch.Add(current.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(update, Ct)).StatusCode);

        var response = await customer.Client.GetAsync("/api/v1/cart", Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("Secret spring launch", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("123.45", raw, StringComparison.Ordinal);
        var cart = (await response.Content.ReadFromJsonAsync<CartDto>(Json, Ct))!;
        var hidden = Assert.Single(cart.Items, i => i.ProductId == product.Id);
        Assert.Equal((false, null, null, 2, 0m), (hidden.Available, hidden.Name, hidden.UnitPrice, hidden.Quantity, hidden.LineTotal));
        Assert.True(Assert.Single(cart.Items, i => i.ProductId == kept.Id).Available);
        Assert.Equal(2.00m, cart.Total);
    }

    [Fact]
    public async Task Cart_SetRemoveClear_AndTheCartShowsTodaysPrice()
    {
        var a = await NewProductAsync(price: 5.00m);
        var b = await NewProductAsync(price: 7.50m);
        var customer = await NewCustomerAsync();

        await PutInCartAsync(customer.Client, a.Id, 1);
        var cart = await PutInCartAsync(customer.Client, b.Id, 4);
        Assert.Equal(35.00m, cart.Total);

        var removed = await customer.Client.DeleteAsync($"/api/v1/cart/items/{b.Id}", Ct);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        cart = (await removed.Content.ReadFromJsonAsync<CartDto>(Json, Ct))!;
        Assert.Equal(a.Id, Assert.Single(cart.Items).ProductId);

        // removing what is not there changes nothing
        Assert.Equal(HttpStatusCode.OK, (await customer.Client.DeleteAsync($"/api/v1/cart/items/{b.Id}", Ct)).StatusCode);

        var clear = await customer.Client.DeleteAsync("/api/v1/cart", Ct);
        Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        Assert.Empty((await customer.Client.GetFromJsonAsync<CartDto>("/api/v1/cart", Json, Ct))!.Items);

        // another customer's cart is their own
        var other = await NewCustomerAsync();
        await PutInCartAsync(other.Client, a.Id, 2);
        Assert.Empty((await customer.Client.GetFromJsonAsync<CartDto>("/api/v1/cart", Json, Ct))!.Items);
    }

    [Fact]
    public async Task Checkout_WhenALineIsShort_DecrementsNothing_ListsTheShortIds_AndKeepsTheCart()
    {
        var plenty = await NewProductAsync(stock: 10);
        var scarce = await NewProductAsync(stock: 1);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, plenty.Id, 2);
        await PutInCartAsync(customer.Client, scarce.Id, 2);

        var response = await CheckoutAsync(customer.Client);

        var problem = await ProblemAsync(response, 409);
        Assert.Equal("Conflict", problem.Title);
        var ids = (await ProblemMemberAsync(response, "short_product_ids")).EnumerateArray().Select(e => e.GetGuid());
        Assert.Equal([scarce.Id], ids);
        Assert.Equal(10, await StockOfAsync(plenty.Id));
        Assert.Equal(1, await StockOfAsync(scarce.Id));
        Assert.Equal(2, (await customer.Client.GetFromJsonAsync<CartDto>("/api/v1/cart", Json, Ct))!.Items.Count);
        Assert.Equal(0, (await customer.Client.GetFromJsonAsync<PageDto<OrderDto>>("/api/v1/orders", Json, Ct))!.Total);
    }

    [Fact]
    public async Task Checkout_OfAnEmptyCart_Is400()
    {
        var customer = await NewCustomerAsync();

        var problem = await ProblemAsync(await CheckoutAsync(customer.Client), 400);

        Assert.Contains("cart", problem.Errors!.Keys);
    }

    [Fact]
    public async Task Checkout_OfAProductArchivedAfterItWasPutInTheCart_IsRefused()
    {
        var product = await NewProductAsync(stock: 5);
        var customer = await NewCustomerAsync();
        await PutInCartAsync(customer.Client, product.Id, 1);
        var admin = await AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/products/{product.Id}/archive", null, Ct)).StatusCode);

        var response = await CheckoutAsync(customer.Client);

        await ProblemAsync(response, 409);
        Assert.Equal([product.Id], (await ProblemMemberAsync(response, "short_product_ids")).EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal(5, await StockOfAsync(product.Id));
    }

    [Fact]
    public async Task TheCatalogue_ShowsOnlyPublishedProducts()
    {
        var tag = Guid.NewGuid().ToString("N");
        var published = await NewProductAsync(name: $"Visible {tag}");
        var draft = await NewProductAsync(name: $"Draft {tag}", publish: false);
        var archived = await NewProductAsync(name: $"Archived {tag}");
        var admin = await AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/products/{archived.Id}/archive", null, Ct)).StatusCode);

        var page = await Anonymous().GetFromJsonAsync<PageDto<ProductDto>>($"/api/v1/products?q={tag}", Json, Ct);

        Assert.Equal([published.Id], page!.Items.Select(p => p.Id));
        Assert.Equal(1, page.Total);
        await ProblemAsync(await Anonymous().GetAsync($"/api/v1/products/{draft.Id}", Ct), 404);
        await ProblemAsync(await Anonymous().GetAsync($"/api/v1/products/{archived.Id}", Ct), 404);
        await ProblemAsync(await Anonymous().GetAsync($"/api/v1/products/{Guid.NewGuid()}", Ct), 404);

        var customer = await NewCustomerAsync();
        await ProblemAsync(await customer.Client.PutAsJsonAsync($"/api/v1/cart/items/{draft.Id}", new { quantity = 1 }, Ct), 404);
        await ProblemAsync(await customer.Client.PutAsJsonAsync($"/api/v1/cart/items/{archived.Id}", new { quantity = 1 }, Ct), 404);
        await ProblemAsync(await customer.Client.PutAsJsonAsync($"/api/v1/cart/items/{Guid.NewGuid()}", new { quantity = 1 }, Ct), 404);
    }

    [Fact]
    public async Task TheCatalogue_FiltersByPrice_SortsEveryAllowedWay_AndPages()
    {
        var tag = Guid.NewGuid().ToString("N");
        var category = await NewCategoryAsync();
        var cheap = await NewProductAsync(price: 1.00m, name: $"B {tag}", categoryId: category.Id);
        Api.Time.Advance(TimeSpan.FromMilliseconds(5));
        var middle = await NewProductAsync(price: 5.00m, name: $"C {tag}", categoryId: category.Id);
        Api.Time.Advance(TimeSpan.FromMilliseconds(5));
        var dear = await NewProductAsync(price: 9.00m, name: $"A {tag}", description: "50% off_today", categoryId: category.Id);
        var client = Anonymous();

        async Task<Guid[]> Ids(string query) =>
            (await client.GetFromJsonAsync<PageDto<ProductDto>>($"/api/v1/products?category={category.Id}&{query}", Json, Ct))!
                .Items.Select(p => p.Id).ToArray();

        Assert.Equal([dear.Id, cheap.Id, middle.Id], await Ids("sort=name"));
        Assert.Equal([cheap.Id, middle.Id, dear.Id], await Ids("sort=price"));
        Assert.Equal([dear.Id, middle.Id, cheap.Id], await Ids("sort=-price"));
        Assert.Equal([dear.Id, middle.Id, cheap.Id], await Ids("sort=newest"));
        Assert.Equal([middle.Id], await Ids("min_price=2&max_price=5"));
        Assert.Equal([dear.Id], await Ids("min_price=5.01"));
        Assert.Equal([dear.Id], await Ids("q=50%25%20OFF_"));      // LIKE wildcards in q are plain text
        Assert.Empty(await Ids("q=5_%25"));

        var second = await client.GetFromJsonAsync<PageDto<ProductDto>>($"/api/v1/products?category={category.Slug}&sort=price&page=2&page_size=2", Json, Ct);
        Assert.Equal((2, 2, 3), (second!.Page, second.PageSize, second.Total));
        Assert.Equal([dear.Id], second.Items.Select(p => p.Id));

        var categories = await client.GetFromJsonAsync<List<CategoryDto>>("/api/v1/categories", Json, Ct);
        Assert.Contains(category, categories!);
    }

    [Fact]
    public async Task ABody_CannotSetPriceStatusOwnerOrTotal()
    {
        var product = await NewProductAsync(price: 20.00m, stock: 5);
        var customer = await NewCustomerAsync();
        var other = await NewCustomerAsync();

        var put = await customer.Client.PutAsJsonAsync($"/api/v1/cart/items/{product.Id}",
            new { quantity = 2, unit_price = 0.01m, line_total = 0.02m, name = "free" }, Ct);
        var cart = (await put.Content.ReadFromJsonAsync<CartDto>(Json, Ct))!;
        Assert.Equal(new CartItemDto(product.Id, product.Name, 20.00m, 2, 40.00m), Assert.Single(cart.Items));

        var post = await customer.Client.PostAsJsonAsync("/api/v1/orders",
            new { status = "delivered", user_id = other.Id, total = 0.01m, items = new[] { new { product_id = product.Id, quantity = 1, unit_price = 0.01m } } }, Ct);
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var order = (await post.Content.ReadFromJsonAsync<OrderDto>(Json, Ct))!;
        Assert.Equal(("pending", 40.00m, 2), (order.Status, order.Total, Assert.Single(order.Items).Quantity));
        Assert.Equal(order.Id, Assert.Single((await customer.Client.GetFromJsonAsync<PageDto<OrderDto>>("/api/v1/orders", Json, Ct))!.Items).Id);
        Assert.Equal(0, (await other.Client.GetFromJsonAsync<PageDto<OrderDto>>("/api/v1/orders", Json, Ct))!.Total);

        var register = await Anonymous().PostAsJsonAsync("/api/v1/auth/register",
            new { email = NewEmail(), password = "correct horse battery staple", full_name = "Eve", role = "admin" }, Ct);
        Assert.Equal("customer", (await register.Content.ReadFromJsonAsync<UserDto>(Json, Ct))!.Role);
    }

    [Fact]
    public async Task Money_IsWrittenWithTwoDecimalPlaces()
    {
        var product = await NewProductAsync(price: 12.5m);

        var json = await Anonymous().GetStringAsync($"/api/v1/products/{product.Id}", Ct);

        Assert.Contains("\"price\":12.50", json, StringComparison.Ordinal);
    }
}

[Trait("tier", "sqlite")]
public sealed class CustomerJourneyTestsOnSqlite(SqliteApi fixture) : CustomerJourneyTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class CustomerJourneyTestsOnPostgres(PostgresApi fixture) : CustomerJourneyTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class CustomerJourneyTestsOnSqlServer(SqlServerApi fixture) : CustomerJourneyTests(fixture), IClassFixture<SqlServerApi>;
