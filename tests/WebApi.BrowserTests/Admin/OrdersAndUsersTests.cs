using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shop.WebApi.BrowserTests.Admin;

/// <summary>
/// Orders with only the status changes the state machine allows (and a 409 shown when the order moved on
/// meanwhile), a role change behind its warning, and what each role may open. The seeded admin has no second
/// factor; the test host leaves <c>Auth:RequireMfaForRoles</c> empty.
/// </summary>
public sealed class OrdersAndUsersTests(BrowserHost host) : BrowserTest(host)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record ProductRow(Guid Id, int Stock);
    private sealed record ProductPage(List<ProductRow> Items);
    private sealed record OrderRow(Guid Id, string Status);
    private sealed record UserRow(Guid Id, string Email, string Role);
    private sealed record UserPage(List<UserRow> Items);

    [BrowserFact]
    public async Task AnOrder_OffersOnlyTheAllowedTransitions_AndAChangeMadeMeanwhileIsShownAsAConflict()
    {
        var order = await PlaceOrderAsync();
        var shortId = $"…{order.Id.ToString()[^8..]}";

        var page = await NewPageAsync("/admin/orders");
        await Staff.SignInAsync(page, Host, BrowserHost.AdminEmail, BrowserHost.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Level = 1 })).ToBeVisibleAsync();
        var next = page.GetByLabel($"New status for order {shortId}");
        await Expect(next.Locator("option")).ToHaveTextAsync(["Paid", "Cancelled"]); // pending → paid or cancelled
        await AssertAccessibleAsync(page);

        await next.SelectOptionAsync(new SelectOptionValue { Label = "Paid" });
        await page.GetByRole(AriaRole.Form, new() { Name = $"Change status of order {shortId}" })
            .GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Expect(page.Locator("#announce-status")).ToContainTextAsync($"Order {shortId} is now Paid.");
        await Expect(next.Locator("option")).ToHaveTextAsync(["Shipped", "Cancelled"]); // paid → shipped or cancelled

        // Another admin ships it meanwhile; cancelling from this (now stale) page is refused, and says so.
        using (var api = await Staff.AdminClientAsync(Host))
        {
            var shipped = await api.PostAsJsonAsync($"/api/v1/admin/orders/{order.Id}/status", new { status = "shipped" }, Ct);
            Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        }

        await next.SelectOptionAsync(new SelectOptionValue { Label = "Cancelled" });
        await page.GetByRole(AriaRole.Form, new() { Name = $"Change status of order {shortId}" })
            .GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = $"Cancel order {shortId}?" });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel the order" }).ClickAsync();
        await Expect(page.Locator("#announce-alert")).ToContainTextAsync($"Order {shortId} not changed:");
        await Expect(next).ToBeFocusedAsync();
        await AssertAccessibleAsync(page);

        await page.ReloadAsync();
        await Expect(next.Locator("option")).ToHaveTextAsync(["Delivered"]); // shipped → delivered only
    }

    [BrowserFact]
    public async Task ARoleChange_WarnsThatItSignsTheUserOut_AndEachRoleSeesOnlyItsPages()
    {
        var (email, password) = await Host.NewCustomerAsync("Robin Promoted");
        var page = await NewPageAsync($"/admin/users?q={Uri.EscapeDataString(email)}");
        await Staff.SignInAsync(page, Host, BrowserHost.AdminEmail, BrowserHost.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Search by email or name")).ToHaveValueAsync(email);

        await page.GetByLabel($"Role of {email}", new() { Exact = true }).SelectOptionAsync("ops");
        await page.GetByRole(AriaRole.Form, new() { Name = $"Change the role of {email}" }).GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        var warning = page.GetByRole(AriaRole.Dialog, new() { Name = $"Make {email} ops?" });
        await Expect(warning).ToContainTextAsync($"signs {email} out on every device");
        await AssertAccessibleAsync(page);
        await warning.GetByRole(AriaRole.Button, new() { Name = "Change role and sign them out" }).ClickAsync();
        await Expect(page.Locator("#announce-status")).ToContainTextAsync($"{email} is now ops; their sessions have ended.");
        using (var api = await Staff.AdminClientAsync(Host))
        {
            var users = (await api.GetFromJsonAsync<UserPage>($"/api/v1/admin/users?q={Uri.EscapeDataString(email)}", Json, Ct))!;
            Assert.Equal("ops", Assert.Single(users.Items).Role);
        }

        // The new ops person: the ops console and the audit log, nothing else.
        var ops = await NewPageAsync("/admin", await NewContextAsync());
        await Staff.SignInAsync(ops, Host, email, password);
        await Expect(ops.GetByRole(AriaRole.Heading, new() { Name = "Ops console", Level = 1 })).ToBeVisibleAsync();
        await Expect(ops.GetByRole(AriaRole.Navigation, new() { Name = "Admin sections" }).GetByRole(AriaRole.Link))
            .ToHaveTextAsync(["Ops console", "Audit log"]);
        await ops.GotoAsync("/admin/products");
        await Expect(ops.GetByRole(AriaRole.Heading, new() { Name = "Not allowed", Level = 1 })).ToBeVisibleAsync();
        await Expect(ops.GetByRole(AriaRole.Link, new() { Name = "Go to the ops console" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(ops);

        // A customer: told the panel is not for them.
        var (customerEmail, customerPassword) = await Host.NewCustomerAsync("Sam Shopper");
        var customer = await NewPageAsync("/admin", await NewContextAsync());
        await Staff.SignInAsync(customer, Host, customerEmail, customerPassword);
        await Expect(customer.GetByRole(AriaRole.Heading, new() { Name = "Not allowed", Level = 1 })).ToBeVisibleAsync();
        await Expect(customer.GetByRole(AriaRole.Main)).ToContainTextAsync(new Regex($"Your account \\({Regex.Escape(customerEmail)}, role customer\\) is not allowed"));
        await Expect(customer.GetByRole(AriaRole.Navigation, new() { Name = "Admin sections" })).ToBeHiddenAsync();
        await AssertAccessibleAsync(customer);
    }

    /// <summary>A new customer's order of one published product in stock, through the API.</summary>
    private async Task<OrderRow> PlaceOrderAsync()
    {
        var (email, password) = await Host.NewCustomerAsync("Olive Orderer");
        using var customer = await Staff.SignedInClientAsync(Host, email, password);
        var products = (await customer.GetFromJsonAsync<ProductPage>("/api/v1/products?page_size=50", Json, Ct))!;
        var product = products.Items.First(p => p.Stock > 0);
        var line = await customer.PutAsJsonAsync($"/api/v1/cart/items/{product.Id}", new { quantity = 1 }, Ct);
        Assert.Equal(HttpStatusCode.OK, line.StatusCode);
        var placed = await customer.PostAsync("/api/v1/orders", null, Ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return (await placed.Content.ReadFromJsonAsync<OrderRow>(Json, Ct))!;
    }
}
