using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shop.WebApi.BrowserTests.Admin;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shop.WebApi.BrowserTests.Storefront;

/// <summary>The cart's quantities when the network is slow: what the customer last typed is what is saved and ordered.</summary>
public sealed class CartTests(BrowserHost host) : BrowserTest(host)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record ProductRow(Guid Id);
    private sealed record ProductPage(List<ProductRow> Items);
    private sealed record OrderLine(Guid ProductId, int Quantity);
    private sealed record OrderRow(Guid Id, List<OrderLine> Items);
    private sealed record OrderPage(List<OrderRow> Items);
    private sealed record Cart(List<OrderLine> Items);

    [BrowserFact]
    public async Task AQuantityTypedAgain_WhileTheFirstSaveIsSlow_IsTheOneKept_AndOrdered()
    {
        var (api, product, page) = await OnTheCartWithOneLineAsync("Slow Saves");
        using var _ = api;
        var quantity = page.GetByLabel("Quantity of Slow Saves item 00000");

        // The network: the first save's answer comes only after a later save has been answered (or after 3 s, when
        // no later save is sent meanwhile); an order waits for that first save's answer.
        var firstSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var laterAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var saves = 0;
        await page.RouteAsync("**/api/v1/cart/items/**", async route =>
        {
            if (Interlocked.Increment(ref saves) == 1)
            {
                firstSent.TrySetResult();
                await Task.WhenAny(laterAnswered.Task, Task.Delay(TimeSpan.FromSeconds(3), Ct));
                await route.FulfillAsync(new() { Response = await route.FetchAsync() });
                firstAnswered.TrySetResult();
                return;
            }

            var answer = await route.FetchAsync();
            laterAnswered.TrySetResult();
            await route.FulfillAsync(new() { Response = answer });
        });
        await page.RouteAsync("**/api/v1/orders", async route =>
        {
            await Task.WhenAny(firstAnswered.Task, Task.Delay(TimeSpan.FromSeconds(5), Ct));
            await route.ContinueAsync();
        });

        await quantity.FillAsync("3"); // saved after a pause in the typing
        await firstSent.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await quantity.FillAsync("5");
        await quantity.PressAsync("Tab"); // saved on leaving the field
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your order is placed");
        var order = Assert.Single((await api.GetFromJsonAsync<OrderPage>("/api/v1/orders", Json, Ct))!.Items);
        var line = Assert.Single(order.Items);
        Assert.Equal((product.Id, 5), (line.ProductId, line.Quantity));
        Assert.Equal(2, saves); // 3, then 5: one at a time
        await AssertAccessibleAsync(page);
    }

    [BrowserFact]
    public async Task ALineRemoved_RightAfterItsQuantityWasTyped_StaysRemoved()
    {
        var (api, product, page) = await OnTheCartWithOneLineAsync("Typed Then Removed");
        using var _ = api;

        // The quantity's save (sent when the field loses focus to the Remove button) answers only after the
        // removal has been answered, or after 3 s when no removal is sent meanwhile.
        var removalAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/v1/cart/items/**", async route =>
        {
            if (route.Request.Method == "PUT")
            {
                await Task.WhenAny(removalAnswered.Task, Task.Delay(TimeSpan.FromSeconds(3), Ct));
                await route.FulfillAsync(new() { Response = await route.FetchAsync() });
                return;
            }

            var answer = await route.FetchAsync();
            removalAnswered.TrySetResult();
            await route.FulfillAsync(new() { Response = answer });
        });

        await page.GetByLabel("Quantity of Typed Then Removed item 00000").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Typed Then Removed item 00000" }).ClickAsync();

        await Expect(page.GetByText("Your cart is empty")).ToBeVisibleAsync();
        Assert.Empty((await api.GetFromJsonAsync<Cart>("/api/v1/cart", Json, Ct))!.Items);
        await AssertAccessibleAsync(page);
    }

    /// <summary>A new customer with one line (quantity 1) of a new product in the cart, signed in, on the cart page.</summary>
    private async Task<(HttpClient Api, ProductRow Product, IPage Page)> OnTheCartWithOneLineAsync(string category)
    {
        await Host.SeedProductsAsync(1, category); // stock 10
        var (email, password) = await Host.NewCustomerAsync("Sam Slow");
        var api = await Staff.SignedInClientAsync(Host, email, password);
        var slug = category.ToLowerInvariant().Replace(' ', '-');
        var product = Assert.Single((await api.GetFromJsonAsync<ProductPage>($"/api/v1/products?category={slug}", Json, Ct))!.Items);
        (await api.PutAsJsonAsync($"/api/v1/cart/items/{product.Id}", new { quantity = 1 }, Ct)).EnsureSuccessStatusCode();

        var page = await NewPageAsync("/sign-in");
        await StorefrontSteps.SignInAsync(page, email, password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Cart", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel($"Quantity of {category} item 00000")).ToHaveValueAsync("1");
        return (api, product, page);
    }
}
