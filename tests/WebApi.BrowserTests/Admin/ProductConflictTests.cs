using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shop.WebApi.BrowserTests.Admin;

/// <summary>
/// Two admins edit the same product: the second save, made on a stale copy, is refused with a message that says
/// so, nothing is overwritten, and a reload brings the other's values and a fresh ETag, after which saving works.
/// The seeded admin has no second factor; the test host leaves <c>Auth:RequireMfaForRoles</c> empty, and the
/// second factor on the admin pages is covered by <see cref="OpsConsoleTests"/>.
/// </summary>
public sealed class ProductConflictTests(BrowserHost host) : BrowserTest(host)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record CategoryRow(Guid Id, string Name);
    private sealed record ProductRow(Guid Id, string Name, string Description, decimal Price, string Status);

    [BrowserFact]
    public async Task AStaleEdit_ShowsTheConflict_ReloadBringsTheNewValues_AndTheNextSaveWorks()
    {
        using var api = await Staff.AdminClientAsync(Host);
        var category = (await api.GetFromJsonAsync<List<CategoryRow>>("/api/v1/admin/categories", Json, Ct))!.First();
        var name = $"Desk lamp {Guid.NewGuid():N}"[..20];
        var created = await api.PostAsJsonAsync("/api/v1/admin/products",
            new { name, description = "A lamp for the desk.", price = 20.00m, stock = 5, category_id = category.Id, publish = false }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = (await created.Content.ReadFromJsonAsync<ProductRow>(Json, Ct))!;

        // Two admins' browsers open the edit page of the same product (each signs in and is sent back to it).
        var first = await OpenEditAsync(await NewContextAsync(), product);
        var second = await OpenEditAsync(Context, product);
        await AssertAccessibleAsync(second);

        // The first saves a new name and price.
        await first.GetByLabel("Name").FillAsync($"{name} (new)");
        await first.GetByLabel("Price (€)").FillAsync("21.50");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(first.Locator("#announce-status")).ToContainTextAsync("Changes saved.");
        await Expect(first.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Edit product: {name} (new)");
        await Expect(first).ToHaveTitleAsync($"Edit product: {name} (new) · Shop admin");

        // The second, still on the values it opened, saves a description: refused, and told why.
        await second.GetByLabel("Description").FillAsync("Warm light, adjustable arm.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        var conflict = second.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Not saved" });
        await Expect(conflict).ToContainTextAsync("changed by someone else since you opened it");
        await Expect(conflict).ToBeFocusedAsync();
        await Expect(second.GetByLabel("Description")).ToHaveValueAsync("Warm light, adjustable arm."); // the typing is not lost
        await AssertAccessibleAsync(second);
        var stored = await ReadAsync(api, product.Id);
        Assert.Equal(($"{name} (new)", 21.50m, "A lamp for the desk."), (stored.Name, stored.Price, stored.Description)); // nothing overwritten

        // Reload: the first admin's values, and a fresh ETag.
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Reload the current values" }).ClickAsync();
        await Expect(conflict).ToBeHiddenAsync();
        await Expect(second.GetByLabel("Name")).ToHaveValueAsync($"{name} (new)");
        await Expect(second.GetByLabel("Price (€)")).ToHaveValueAsync("21.5");
        await Expect(second.GetByLabel("Description")).ToHaveValueAsync("A lamp for the desk.");
        await Expect(second.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Edit product: {name} (new)");

        // Now the same change saves, on top of the first admin's.
        await second.GetByLabel("Description").FillAsync("Warm light, adjustable arm.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(second.Locator("#announce-status")).ToContainTextAsync("Changes saved.");
        stored = await ReadAsync(api, product.Id);
        Assert.Equal(($"{name} (new)", 21.50m, "Warm light, adjustable arm."), (stored.Name, stored.Price, stored.Description));

        // Publishing from the same page keeps the form usable: its ETag follows our own change.
        await second.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(second.Locator("#announce-status")).ToContainTextAsync("Product is now Published.");
        await second.GetByLabel("Price (€)").FillAsync("22");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(second.Locator("#announce-status")).ToContainTextAsync("Changes saved.");
        stored = await ReadAsync(api, product.Id);
        Assert.Equal(("published", 22m), (stored.Status, stored.Price));

        await AssertAccessibleAsync(second);
        Track(second);
        await ScreenshotAsync(second, "admin-product-edit");
    }

    [BrowserFact]
    public async Task EachServerError_IsShownNextToItsField()
    {
        var page = await NewPageAsync("/admin/products/new");
        await Staff.SignInAsync(page, Host, BrowserHost.AdminEmail, BrowserHost.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New product", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Price (€)").FillAsync("-3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();

        var name = page.GetByLabel("Name");
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(name).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Price (€)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Category")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Price (€)")).ToHaveAccessibleDescriptionAsync(new Regex("'price' must be greater than '0'"));
        await Expect(page.GetByLabel("Category")).ToHaveAccessibleDescriptionAsync(new Regex("'category_id' must not be empty"));
        await AssertAccessibleAsync(page);
    }

    private async Task<IPage> OpenEditAsync(IBrowserContext context, ProductRow product)
    {
        var page = await NewPageAsync($"/admin/products/{product.Id}", context);
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/sign-in\\?return=%2Fadmin%2Fproducts%2F{product.Id}$"));
        await Staff.SignInAsync(page, Host, BrowserHost.AdminEmail, BrowserHost.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Edit product: {product.Name}", Level = 1 })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/products/{product.Id}$"));
        return page;
    }

    private static async Task<ProductRow> ReadAsync(HttpClient api, Guid id) =>
        (await api.GetFromJsonAsync<ProductRow>($"/api/v1/admin/products/{id}", Json, Ct))!;
}
