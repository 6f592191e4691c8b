using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OtpNet;
using Shop.WebApi.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shop.WebApi.BrowserTests.Admin;

/// <summary>An admin or ops account made for one test, with a second factor when the test wants one.</summary>
public sealed record StaffMember(Guid Id, string Email, string Password, string? TotpSecret, IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// Setting up the people of the admin tests through the API (the pages are the subject, not this), and signing
/// in on the admin panel's own sign-in page, with the second factor when the account has one.
/// </summary>
public static class Staff
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Tokens(string AccessToken);
    private sealed record Setup(string Secret);
    private sealed record Codes(List<string> RecoveryCodes);
    private sealed record UserRow(Guid Id, string Email);
    private sealed record UserPage(List<UserRow> Items);

    /// <summary>An access token of the seeded admin, for setting data up.</summary>
    public static async Task<HttpClient> AdminClientAsync(BrowserHost host) =>
        await SignedInClientAsync(host, BrowserHost.AdminEmail, BrowserHost.AdminPassword);

    public static async Task<HttpClient> SignedInClientAsync(BrowserHost host, string email, string password)
    {
        var http = host.Http();
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = (await login.Content.ReadFromJsonAsync<Tokens>(Json))!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return http;
    }

    public static async Task<Guid> UserIdAsync(BrowserHost host, string email)
    {
        using var admin = await AdminClientAsync(host);
        var page = (await admin.GetFromJsonAsync<UserPage>($"/api/v1/admin/users?q={Uri.EscapeDataString(email)}", Json))!;
        return Assert.Single(page.Items, u => u.Email == email).Id;
    }

    /// <summary>A new account in <paramref name="role"/> (made by the seeded admin), with TOTP enabled when asked.</summary>
    public static async Task<StaffMember> NewAsync(BrowserHost host, string role, bool withSecondFactor)
    {
        var (email, password) = await host.NewCustomerAsync($"Test {role}");
        var id = await UserIdAsync(host, email);
        using (var admin = await AdminClientAsync(host))
        {
            var promoted = await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}/role", new { role });
            Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        }

        if (!withSecondFactor)
        {
            return new StaffMember(id, email, password, null, []);
        }

        // Enrolment through the API, as the account page would do it; the code comes from the API's own clock.
        using var self = await SignedInClientAsync(host, email, password);
        var setup = await self.PostAsJsonAsync("/api/v1/auth/mfa/totp/setup", new { password });
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var secret = (await setup.Content.ReadFromJsonAsync<Setup>(Json))!.Secret;
        var enable = await self.PostAsJsonAsync("/api/v1/auth/mfa/totp/enable", new { code = Code(host, secret) });
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        var codes = (await enable.Content.ReadFromJsonAsync<Codes>(Json))!.RecoveryCodes;
        return new StaffMember(id, email, password, secret, codes);
    }

    /// <summary>
    /// The code of the next 30-second window by the API's clock: the server accepts one window of drift, and a
    /// code of a window already used (the enrolment's) would be refused as a replay.
    /// </summary>
    public static string NextCode(BrowserHost host, string secret) => Code(host, secret, TimeSpan.FromSeconds(30));

    private static string Code(BrowserHost host, string secret, TimeSpan offset = default) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp((host.Time.GetUtcNow() + offset).UtcDateTime);

    /// <summary>
    /// Fills the admin sign-in page <paramref name="page"/> is on: email and password, then the second factor
    /// (a code from the app, or the recovery code given) when the account has one.
    /// </summary>
    public static async Task SignInAsync(IPage page, BrowserHost host, string email, string password, string? totpSecret = null, string? recoveryCode = null)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the admin panel", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        if (totpSecret is null && recoveryCode is null)
        {
            return;
        }

        var second = page.GetByRole(AriaRole.Form, new() { Name = "Second factor" });
        await Expect(second).ToBeVisibleAsync();
        if (recoveryCode is not null)
        {
            await second.GetByRole(AriaRole.Button, new() { Name = "Use a recovery code instead" }).ClickAsync();
            await second.GetByLabel("Recovery code").FillAsync(recoveryCode);
        }
        else
        {
            await second.GetByLabel("Code from your authenticator app").FillAsync(NextCode(host, totpSecret!));
        }

        await second.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
    }
}
