using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Shop.WebApi.BrowserTests.Infrastructure.StorefrontSteps;

namespace Shop.WebApi.BrowserTests.Account;

/// <summary>The account pages that protect and recover an account: the second factor, the reset link.</summary>
public sealed partial class AccountRecoveryTests(BrowserHost host) : BrowserTest(host)
{
    [BrowserFact]
    public async Task TwoFactor_TurnedOnThroughThePage_IsAskedAtTheNextSignIn()
    {
        var (email, password) = await Host.NewCustomerAsync("Tess Totp");
        var page = await NewPageAsync("/sign-in?return=%2Faccount%2Ftwo-factor");
        await SignInAsync(page, email, password);
        await ExpectHeadingAsync(page, "Two-factor sign-in");
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code to add this account to an authenticator app" })).ToBeVisibleAsync();
        var secret = (await page.Locator("#totp-secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        await page.GetByLabel("Authentication code").FillAsync(totp.ComputeTotp(Host.Time.GetUtcNow().UtcDateTime));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor sign-in is on. Save your recovery codes" })).ToBeVisibleAsync();
        await Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "I have saved these codes" }).ClickAsync();
        await ExpectHeadingAsync(page, "Your account");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await NavAsync(page, "Sign in");
        await SubmitSignInAsync(page, email, password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor sign-in" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        Host.Time.Advance(TimeSpan.FromSeconds(30)); // the next code: a code is accepted once
        await page.GetByLabel("Authentication code").FillAsync(totp.ComputeTotp(Host.Time.GetUtcNow().UtcDateTime));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await ExpectSignedInAsync(page);
        await NavAsync(page, "Account");
        await Expect(page.Locator("dl")).ToContainTextAsync("Two-factor sign-inOn");
    }

    [BrowserFact]
    public async Task TheResetLink_FromTheEmail_SetsANewPassword()
    {
        var (email, _) = await Host.NewCustomerAsync("Remy Reset");
        var page = await NewPageAsync("/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await ExpectHeadingAsync(page, "Forgot your password?");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("link");

        var mail = await BrowserHost.Smtp.WaitForAsync(email, "Reset your Shop password");
        var link = ResetLink().Match(mail.Text).Value;
        Assert.StartsWith(Host.BaseUrl + "/reset-password?token=", link, StringComparison.Ordinal);
        await page.GotoAsync(link);
        await ExpectHeadingAsync(page, "Choose a new password");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("New password").FillAsync("a brand new passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed");
        await SignInAsync(page, email, "a brand new passphrase");

        // The link worked once.
        await page.GotoAsync(link);
        await page.GetByLabel("New password").FillAsync("yet another passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("expired or was already used");
        await AssertAccessibleAsync(page);
    }

    [GeneratedRegex(@"https?://\S+/reset-password\?token=[A-Za-z0-9_%\-]+")]
    private static partial Regex ResetLink();
}
