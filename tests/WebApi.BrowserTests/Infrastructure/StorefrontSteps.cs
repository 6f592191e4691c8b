using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Shop.WebApi.BrowserTests.Infrastructure;

/// <summary>Steps through the storefront's pages that many tests take, as a user would take them.</summary>
public static class StorefrontSteps
{
    /// <summary>Fills the sign-in form (the page must show it) and submits it.</summary>
    public static async Task SubmitSignInAsync(IPage page, string email, string password)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>Signs in from the sign-in page and waits until the header shows the account's links.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await SubmitSignInAsync(page, email, password);
        await ExpectSignedInAsync(page);
    }

    public static Task ExpectSignedInAsync(IPage page) =>
        Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

    public static Task ExpectHeadingAsync(IPage page, string heading) =>
        Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();

    /// <summary>Follows a link of the header's main navigation.</summary>
    public static Task NavAsync(IPage page, string link) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
}
