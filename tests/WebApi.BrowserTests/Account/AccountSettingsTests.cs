using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Shop.WebApi.BrowserTests.Infrastructure.StorefrontSteps;

namespace Shop.WebApi.BrowserTests.Account;

/// <summary>The account's own pages: the confirmation link, the password, the devices.</summary>
public sealed partial class AccountSettingsTests(BrowserHost host) : BrowserTest(host)
{
    [BrowserFact]
    public async Task TheConfirmationLink_FromTheSignUpEmail_ConfirmsTheAddress()
    {
        var email = $"confirm-{Guid.NewGuid():N}@shop.test";
        var page = await NewPageAsync("/sign-up");
        await page.GetByLabel("Full name").FillAsync("Cy Confirm");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("correct horse battery staple");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await ExpectSignedInAsync(page);
        await NavAsync(page, "Account");
        await Expect(page.Locator("dl")).ToContainTextAsync("Not confirmed");

        var mail = await BrowserHost.Smtp.WaitForAsync(email, "Confirm your email address");
        var link = ConfirmLink().Match(mail.Text).Value;
        Assert.StartsWith(Host.BaseUrl + "/confirm-email?token=", link, StringComparison.Ordinal);
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "confirmed" })).ToContainTextAsync("your email address is confirmed");
        await AssertAccessibleAsync(page);
        await NavAsync(page, "Account");
        await Expect(page.Locator("dl")).ToContainTextAsync("Confirmed");
        await Expect(page.Locator("dl")).Not.ToContainTextAsync("Not confirmed");
    }

    [BrowserFact]
    public async Task MyDevices_SignsOutAnotherDevice_ThenEveryDevice()
    {
        var (email, password) = await Host.NewCustomerAsync("Dev Devices");
        var laptop = await NewPageAsync("/sign-in");
        await SignInAsync(laptop, email, password);
        var phone = await NewPageAsync("/sign-in", await NewContextAsync()); // another browser: another device
        await SignInAsync(phone, email, password);

        await laptop.GotoAsync("/account/devices");
        await ExpectHeadingAsync(laptop, "My devices");
        var rows = laptop.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await AssertAccessibleAsync(laptop);
        await rows.Filter(new() { HasNot = laptop.GetByText("This device", new() { Exact = true }) }).GetByRole(AriaRole.Button).ClickAsync();
        await Expect(laptop.GetByRole(AriaRole.Status)).ToContainTextAsync("That device is signed out");
        await Expect(rows).ToHaveCountAsync(1);

        // The phone's next action needs its session: it lands on the sign-in page.
        await NavAsync(phone, "My orders");
        await ExpectHeadingAsync(phone, "Sign in");
        await Expect(phone.GetByText("Your session has ended")).ToBeVisibleAsync();

        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        var dialog = laptop.GetByRole(AriaRole.Dialog, new() { Name = "Sign out everywhere?" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" })).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await ExpectHeadingAsync(laptop, "Sign in");
        await Expect(laptop.GetByRole(AriaRole.Status)).ToContainTextAsync("signed out on every device");
        await laptop.GotoAsync("/orders"); // and it stays so after a reload
        await ExpectHeadingAsync(laptop, "Sign in");
        await AssertAccessibleAsync(laptop);
    }

    [BrowserFact]
    public async Task ChangingThePassword_ShowsTheServersErrorsByTheirFields_ThenSignsOtherDevicesOut()
    {
        var (email, password) = await Host.NewCustomerAsync("Pat Password");
        var page = await NewPageAsync("/sign-in?return=%2Faccount%2Fpassword");
        await SignInAsync(page, email, password);
        await ExpectHeadingAsync(page, "Change password");

        // Keyboard only: type, Tab, type, Enter.
        await page.GetByLabel("Current password").FocusAsync();
        await page.Keyboard.TypeAsync("not the password");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("a new passphrase for pat");
        await page.Keyboard.PressAsync("Enter");
        var current = page.GetByLabel("Current password");
        await Expect(current).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(current).ToBeFocusedAsync();
        await AssertAccessibleAsync(page);

        await current.FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed");
        await ExpectHeadingAsync(page, "Your account");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await NavAsync(page, "Sign in");
        await SignInAsync(page, email, "a new passphrase for pat");
    }

    [GeneratedRegex(@"https?://\S+/confirm-email\?token=[A-Za-z0-9_%\-]+")]
    private static partial Regex ConfirmLink();
}
