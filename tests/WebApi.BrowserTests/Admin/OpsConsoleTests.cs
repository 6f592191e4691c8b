using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shop.WebApi.BrowserTests.Admin;

/// <summary>
/// The ops console against a customer's open storefront tab: ops ending that customer's sessions, and the kill
/// switch behind its typed confirmation. The admin and ops accounts here have a second factor, enrolled through the
/// API, and sign in on the admin sign-in page with a code computed from the API's clock (or a recovery code).
/// </summary>
public sealed class OpsConsoleTests(BrowserHost host) : BrowserTest(host)
{
    [BrowserFact]
    public async Task OpsRevokesACustomersSessions_TheCustomersOpenTab_LandsOnSignIn_ThenBackWhereItWas()
    {
        var (email, password) = await Host.NewCustomerAsync("Casey Customer");
        var customerId = await Staff.UserIdAsync(Host, email);
        var customer = await CustomerOnMyOrdersAsync(email, password);

        var ops = await Staff.NewAsync(Host, "ops", withSecondFactor: true);
        var page = await NewPageAsync("/admin");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in"));
        await Staff.SignInAsync(page, Host, ops.Email, ops.Password, ops.TotpSecret);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ops console", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Admin sections" }).GetByRole(AriaRole.Link))
            .ToHaveTextAsync(["Ops console", "Audit log"]); // ops: no products, orders or users
        await AssertAccessibleAsync(page);

        // The customer's sessions, found by id (ops cannot list users).
        await page.GetByLabel("User id").FillAsync(customerId.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Security of user {customerId}", Level = 1 })).ToBeVisibleAsync();
        var sessions = page.GetByRole(AriaRole.Table, new() { NameRegex = new Regex("^Sessions of") });
        var active = sessions.GetByRole(AriaRole.Row).Filter(new() { HasText = "Active" });
        await Expect(active).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke all sessions of this user" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync("Every session of this user ends at once");
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke all sessions" })).ToBeFocusedAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke all sessions" }).ClickAsync();
        await Expect(page.Locator("#announce-status")).ToContainTextAsync("1 session revoked.");
        await Expect(active).ToHaveCountAsync(0);
        await Expect(sessions.GetByRole(AriaRole.Row).Filter(new() { HasText = "revoked by ops" })).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "admin-ops-console");

        // The customer's next action finds the session gone: the sign-in page, saying why, and back after signing in.
        await customer.GetByRole(AriaRole.Link, new() { Name = "Cart", Exact = true }).ClickAsync();
        await Expect(customer).ToHaveURLAsync(new Regex("/sign-in\\?reason=revoked&return=%2Fcart$"));
        await Expect(customer.GetByRole(AriaRole.Main)).ToContainTextAsync("Your session has ended");
        await AssertAccessibleAsync(customer);
        await customer.GetByLabel("Email").FillAsync(email);
        await customer.GetByLabel("Password").FillAsync(password);
        await customer.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(customer).ToHaveURLAsync(new Regex("/cart$"));
        await Expect(customer.GetByRole(AriaRole.Heading, new() { Name = "Your cart", Level = 1 })).ToBeVisibleAsync();
        Track(customer);
    }

    [BrowserFact]
    public async Task TheKillSwitch_NeedsTheTypedConfirmation_ThenEveryOpenTabLandsOnSignIn()
    {
        var (email, password) = await Host.NewCustomerAsync("Kim Customer");
        var customer = await CustomerOnMyOrdersAsync(email, password);

        var admin = await Staff.NewAsync(Host, "admin", withSecondFactor: true);
        var context = Context;
        var page = await NewPageAsync("/admin/ops", context);
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in\\?return=%2Fadmin%2Fops$"));
        await Staff.SignInAsync(page, Host, admin.Email, admin.Password, admin.TotpSecret);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ops console", Level = 1 })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/ops$"));
        await AssertAccessibleAsync(page);

        // "Now" on the page is the browser's clock; the API runs on the test clock, which other tests move.
        // An operator's browser and server agree on the time; here the browser is set to the API's clock.
        await context.Clock.SetSystemTimeAsync(Host.Time.GetUtcNow().UtcDateTime);

        // Keyboard only: open the confirmation, leave it with Escape (nothing happens), open it again and type.
        var killSwitch = page.GetByRole(AriaRole.Form, new() { Name = "Kill switch: revoke every session" });
        var trigger = killSwitch.GetByRole(AriaRole.Button, new() { Name = "Revoke all sessions…" });
        await trigger.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke every session of every user?" });
        await Expect(confirm).ToBeVisibleAsync();
        var typed = confirm.GetByLabel("Type REVOKE ALL to confirm");
        var go = confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke all sessions", Exact = true });
        await Expect(typed).ToBeFocusedAsync();
        await Expect(go).ToBeDisabledAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(trigger).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(typed).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("revoke all");
        await Expect(go).ToBeDisabledAsync(); // the exact text, not something like it
        await AssertAccessibleAsync(page);
        await typed.FillAsync("");
        await page.Keyboard.TypeAsync("REVOKE ALL");
        await Expect(go).ToBeEnabledAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(killSwitch.GetByRole(AriaRole.Status)).ToContainTextAsync(new Regex(@"^\d+ sessions? revoked\. Your own session has ended too"));

        // The customer's open tab: its next action lands on the sign-in page with the reason.
        await customer.GetByRole(AriaRole.Link, new() { Name = "Cart", Exact = true }).ClickAsync();
        await Expect(customer).ToHaveURLAsync(new Regex("/sign-in\\?reason=revoked&return=%2Fcart$"));
        await Expect(customer.GetByRole(AriaRole.Main)).ToContainTextAsync("Your session has ended");

        // The admin's own session ended too: the next page asks to sign in again, then shows the audit entry.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in\\?reason=revoked&return=%2Fadmin%2Faudit$"));
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Your session has ended");
        await AssertAccessibleAsync(page);
        await Staff.SignInAsync(page, Host, admin.Email, admin.Password, recoveryCode: admin.RecoveryCodes[0]);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();
        var entry = page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Filter(new() { HasText = "global revoke" });
        await Expect(entry.First).ToContainTextAsync("every session issued before");
        await AssertAccessibleAsync(page);
    }

    /// <summary>A customer signed in on the storefront in a browser of their own, on the "My orders" page.</summary>
    private async Task<IPage> CustomerOnMyOrdersAsync(string email, string password)
    {
        var page = await NewPageAsync("/sign-in", await NewContextAsync());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "My orders" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My orders", Level = 1 })).ToBeVisibleAsync();
        return page;
    }
}
