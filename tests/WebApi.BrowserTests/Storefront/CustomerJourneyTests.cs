using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shop.WebApi.BrowserTests.Storefront;

/// <summary>A customer, in the browser, from signing up to a cancelled order.</summary>
public sealed partial class CustomerJourneyTests(BrowserHost host) : BrowserTest(host)
{
    [BrowserFact]
    public async Task ACustomer_SignsUp_Filters_FillsTheCart_Orders_AndCancels()
    {
        var page = await NewPageAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "All products", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // Sign up: the header then offers the account's pages.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create an account" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        var email = $"journey-{Guid.NewGuid():N}@shop.test";
        await page.GetByLabel("Full name").FillAsync("Jo Journey");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("correct horse battery staple");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Welcome, Jo Journey");

        // Filter and sort: the URL says it all, and back/forward move between the lists.
        var filters = page.GetByRole(AriaRole.Form, new() { Name = "Filter and sort" });
        await filters.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Electronics" });
        await filters.GetByLabel("Minimum price (€)").FillAsync("10");
        await filters.GetByLabel("Maximum price (€)").FillAsync("60");
        await filters.GetByLabel("Sort by").SelectOptionAsync(new SelectOptionValue { Label = "Price: low to high" });
        await filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/\?category=electronics&min_price=10&max_price=60&sort=price$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Electronics", Level = 1 })).ToBeVisibleAsync();
        var prices = await PricesAsync(page);
        Assert.NotEmpty(prices);
        Assert.All(prices, p => Assert.InRange(p, 10m, 60m));
        Assert.Equal(prices.Order(), prices);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "storefront"); // the README's picture of the storefront

        await page.GoBackAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "All products", Level = 1 })).ToBeVisibleAsync();
        await page.GoForwardAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Electronics", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(prices, await PricesAsync(page));

        // Two products into the cart, from their pages.
        var cards = page.GetByRole(AriaRole.List, new() { Name = "Electronics" }).GetByRole(AriaRole.Listitem);
        var first = await cards.Nth(0).GetByRole(AriaRole.Link).InnerTextAsync();
        var second = await cards.Nth(1).GetByRole(AriaRole.Link).InnerTextAsync();
        await cards.Nth(0).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = first, Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        var stock = int.Parse(StockPattern().Match(await page.GetByText(StockPattern()).InnerTextAsync()).Groups[1].Value, CultureInfo.InvariantCulture);
        await page.GetByLabel("Quantity").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Added 2 × {first}");
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = second, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Added 1 × {second}");

        // The cart: totals follow the quantities as they are typed.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cart", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your cart" })).ToBeVisibleAsync();
        var rows = page.Locator("table.cart tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var firstQuantity = page.GetByLabel($"Quantity of {first}");
        await Expect(firstQuantity).ToHaveValueAsync("2");
        var unitFirst = await UnitPriceAsync(page, first);
        var unitSecond = await UnitPriceAsync(page, second);
        await firstQuantity.FillAsync("3");
        await Expect(page.Locator("#cart-total")).ToHaveTextAsync(Euros(3 * unitFirst + unitSecond));
        await AssertAccessibleAsync(page);

        // More than the stock: the answer (409) is shown on that line, nothing is ordered.
        await firstQuantity.FillAsync((stock + 1).ToString(CultureInfo.InvariantCulture));
        await SaveQuantityAsync(page, firstQuantity);
        await Expect(page.Locator("#cart-total")).ToHaveTextAsync(Euros((stock + 1) * unitFirst + unitSecond));
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        var firstRow = rows.Filter(new() { HasText = first });
        await Expect(firstRow).ToContainTextAsync("Not enough in stock");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "nothing was ordered" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // Back to 3, then a double click on "Place order": one order.
        await firstQuantity.FillAsync("3");
        await SaveQuantityAsync(page, firstQuantity);
        var orderPosts = 0;
        page.Request += (_, request) => orderPosts += request.Method == "POST" && request.Url.EndsWith("/api/v1/orders", StringComparison.Ordinal) ? 1 : 0;
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).DblClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = OrderTitle() })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your order is placed");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Pending");
        Assert.Equal(1, orderPosts);
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "My orders" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My orders" })).ToBeVisibleAsync();
        var orders = page.Locator("tbody tr");
        await Expect(orders).ToHaveCountAsync(1);
        await Expect(orders).ToContainTextAsync(Euros(3 * unitFirst + unitSecond));
        await AssertAccessibleAsync(page);

        // Cancel, behind a confirmation dialog.
        await orders.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Cancel this order?" });
        await Expect(dialog).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your order is cancelled");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Cancelled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
    }

    /// <summary>Leaves the quantity field (its change saves it) and waits for the server's answer.</summary>
    private static Task SaveQuantityAsync(IPage page, ILocator quantity) =>
        page.RunAndWaitForResponseAsync(
            () => quantity.PressAsync("Tab"),
            r => r.Url.Contains("/api/v1/cart/items/", StringComparison.Ordinal) && r.Request.Method == "PUT");

    private static async Task<List<decimal>> PricesAsync(IPage page)
    {
        await Expect(page.Locator(".cards .price").First).ToBeVisibleAsync();
        return (await page.Locator(".cards .price").AllInnerTextsAsync()).Select(ParseEuros).ToList();
    }

    private static async Task<decimal> UnitPriceAsync(IPage page, string product) =>
        ParseEuros(await page.Locator("table.cart tbody tr").Filter(new() { HasText = product }).Locator("td").First.InnerTextAsync());

    private static decimal ParseEuros(string text) => decimal.Parse(text.Replace("€", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);

    private static string Euros(decimal value) => "€" + value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\d+) in stock")]
    private static partial Regex StockPattern();

    [GeneratedRegex(@"^Order [0-9A-F]{8}$")]
    private static partial Regex OrderTitle();
}
