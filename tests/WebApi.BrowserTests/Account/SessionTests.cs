using System.Net.Http.Json;
using Microsoft.Playwright;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Shop.WebApi.BrowserTests.Infrastructure.StorefrontSteps;

namespace Shop.WebApi.BrowserTests.Account;

/// <summary>The two-token flow as a browser lives it: reloads, several tabs, expiry, revocation.</summary>
public sealed class SessionTests(BrowserHost host) : BrowserTest(host)
{
    [BrowserFact]
    public async Task AReload_KeepsTheCustomerSignedIn_ThroughTheCookie()
    {
        var (email, password) = await Host.NewCustomerAsync("Rae Reload");
        var page = await NewPageAsync("/sign-in");
        await SignInAsync(page, email, password);
        await NavAsync(page, "My orders");
        await ExpectHeadingAsync(page, "My orders");

        var refreshes = CountRefreshes(Context);
        await page.ReloadAsync();
        await ExpectHeadingAsync(page, "My orders");
        await ExpectSignedInAsync(page);
        Assert.Equal(1, refreshes()); // the silent refresh through the HttpOnly cookie
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('shop_refresh') ?? sessionStorage.getItem('shop_refresh')"));
        Assert.DoesNotContain("shop_refresh", await page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
    }

    [BrowserFact]
    public async Task TwoTabs_WhoseAccessTokenExpired_BothKeepWorking_WithOneRefresh()
    {
        var (email, password) = await Host.NewCustomerAsync("Tam Tabs");
        var first = await NewPageAsync("/sign-in");
        await SignInAsync(first, email, password);
        var second = await NewPageAsync("/account"); // the second tab takes the first one's token
        await ExpectHeadingAsync(second, "Your account");

        var refreshes = CountRefreshes(Context);
        Host.Time.Advance(TimeSpan.FromMinutes(31)); // the access token (30 min) has expired on the server

        await Task.WhenAll(NavAsync(first, "Cart"), NavAsync(second, "My orders"));
        await ExpectHeadingAsync(first, "Your cart");
        await ExpectHeadingAsync(second, "My orders");
        await NavAsync(first, "My orders");
        await NavAsync(second, "Cart");
        await ExpectHeadingAsync(first, "My orders");
        await ExpectHeadingAsync(second, "Your cart");
        Assert.Equal(1, refreshes());

        // Nothing was taken for a stolen token: the one session is alive, in both tabs.
        await second.GotoAsync("/account/devices");
        await ExpectHeadingAsync(second, "My devices");
        await Expect(second.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(second.GetByText("This device", new() { Exact = true })).ToBeVisibleAsync();
        await ExpectSignedInAsync(first);
        await AssertAccessibleAsync(second);
        Track(second);
    }

    [BrowserFact]
    public async Task ASignOut_InOneTab_SignsEveryTabOut()
    {
        var (email, password) = await Host.NewCustomerAsync("Sid Signout");
        var first = await NewPageAsync("/sign-in");
        await SignInAsync(first, email, password);
        var second = await NewPageAsync("/orders");
        await ExpectHeadingAsync(second, "My orders");

        await first.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");
        await ExpectHeadingAsync(second, "Sign in");
        await Expect(second.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(second);
    }

    [BrowserFact]
    public async Task ARevokedSession_LandsOnSignIn_WithAClearMessage_AndReturnsAfterSigningIn()
    {
        var (email, password) = await Host.NewCustomerAsync("Ros Revoked");
        var page = await NewPageAsync("/sign-in");
        await SignInAsync(page, email, password);
        await NavAsync(page, "Account");
        await ExpectHeadingAsync(page, "Your account");

        // Elsewhere (another device), the customer signs out of every device.
        using (var http = Host.Http())
        {
            var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Ct);
            var token = (await login.Content.ReadFromJsonAsync<Dictionary<string, object>>(Ct))!["access_token"].ToString();
            using var logoutAll = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout-all");
            logoutAll.Headers.Authorization = new("Bearer", token);
            Assert.True((await http.SendAsync(logoutAll, Ct)).IsSuccessStatusCode);
        }

        await NavAsync(page, "My orders");
        await ExpectHeadingAsync(page, "Sign in");
        await Expect(page.GetByText("Your session has ended")).ToBeVisibleAsync();
        Assert.Contains("return=%2Forders", page.Url, StringComparison.Ordinal);
        await AssertAccessibleAsync(page);

        await SignInAsync(page, email, password);
        await ExpectHeadingAsync(page, "My orders");
        Assert.EndsWith("/orders", page.Url, StringComparison.Ordinal);
    }

    /// <summary>Counts the refresh requests every tab of <paramref name="context"/> sends from now on.</summary>
    private static Func<int> CountRefreshes(IBrowserContext context)
    {
        var count = 0;
        context.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/auth/refresh", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }
        };
        return () => Volatile.Read(ref count);
    }
}
