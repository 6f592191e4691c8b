using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Shop.Domain.Users;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Accounts;

/// <summary>The account policies on: admin and ops need a second factor for /admin/**, and
/// checkout needs a confirmed email.</summary>
public sealed class AccountPolicySettings : IApiSettings
{
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["Auth:RequireMfaForRoles"] = "admin,ops",
        ["Auth:RequireConfirmedEmailForCheckout"] = "true",
    };
}

public sealed class AccountPoliciesSqliteApi : ApiFixture<SqliteTier, AccountPolicySettings>;

public sealed class AccountPoliciesPostgresApi : ApiFixture<PostgresTier, AccountPolicySettings>;

/// <summary>TOTP enrolment, login with a second factor, the attacks on it, and the admin gate. The tests
/// move the clock by 30-second steps (one TOTP window), so they run in this class alone.</summary>
public abstract class SecondFactorTests(ApiFixture fixture) : AccountTestBase(fixture)
{
    private sealed record SetupDto(string Secret, string OtpauthUri);
    private sealed record CodesDto(List<string> RecoveryCodes);
    private sealed record MfaDto(bool MfaRequired, string MfaToken, int MfaTokenExpiresIn, string? AccessToken);

    private string CodeAt(string secret, TimeSpan offset = default) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp((Api.Time.GetUtcNow() + offset).UtcDateTime);

    private string WrongCode(string secret)
    {
        var right = new[] { CodeAt(secret, TimeSpan.FromSeconds(-30)), CodeAt(secret), CodeAt(secret, TimeSpan.FromSeconds(30)) };
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !right.Contains(c));
    }

    /// <summary>Setup and enable through the API; the clock then moves one window, so the next code is fresh.</summary>
    private async Task<(string Secret, List<string> RecoveryCodes)> EnrolAsync(TestUser user)
    {
        var setup = await user.Client.PostAsJsonAsync("/api/v1/auth/mfa/totp/setup", new { password = user.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var secret = (await setup.Content.ReadFromJsonAsync<SetupDto>(Json, Ct))!.Secret;
        var enable = await user.Client.PostAsJsonAsync("/api/v1/auth/mfa/totp/enable", new { code = CodeAt(secret) }, Ct);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        var codes = (await enable.Content.ReadFromJsonAsync<CodesDto>(Json, Ct))!.RecoveryCodes;
        Api.Time.Advance(TimeSpan.FromSeconds(30));
        return (secret, codes);
    }

    private async Task<MfaDto> MfaLoginAsync(string email, string password)
    {
        var login = await PostLoginAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (await login.Content.ReadFromJsonAsync<MfaDto>(Json, Ct))!;
    }

    private Task<HttpResponseMessage> SecondStepAsync(string mfaToken, string? code = null, string? recoveryCode = null) =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/login/mfa", new { mfa_token = mfaToken, code, recovery_code = recoveryCode }, Ct);

    [Fact]
    public async Task Enrolment_NeedsThePasswordAndAValidCode_ThenLoginAsksForTheSecondFactor()
    {
        var user = await NewCustomerAsync();
        Assert.Contains("password", (await ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/auth/mfa/totp/setup", new { password = "wrong password!" }, Ct), 400)).Errors!.Keys);
        var setup = await user.Client.PostAsJsonAsync("/api/v1/auth/mfa/totp/setup", new { password = user.Password }, Ct);
        var secret = (await setup.Content.ReadFromJsonAsync<SetupDto>(Json, Ct))!;
        Assert.StartsWith("otpauth://totp/Shop:", secret.OtpauthUri, StringComparison.Ordinal);
        Assert.Contains($"secret={secret.Secret}", secret.OtpauthUri, StringComparison.Ordinal);
        Assert.Equal("no-store", setup.Headers.CacheControl?.ToString());

        // Set up but not enabled: login still answers tokens.
        Assert.NotNull((await LoginAsync(user.Email, user.Password)).AccessToken);
        Assert.Contains("code", (await ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/auth/mfa/totp/enable", new { code = WrongCode(secret.Secret) }, Ct), 400)).Errors!.Keys);

        var enable = await user.Client.PostAsJsonAsync("/api/v1/auth/mfa/totp/enable", new { code = CodeAt(secret.Secret) }, Ct);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        var codes = (await enable.Content.ReadFromJsonAsync<CodesDto>(Json, Ct))!.RecoveryCodes;
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True((await user.Client.GetFromJsonAsync<MeDto>("/api/v1/auth/me", Json, Ct))!.MfaEnabled);
        await ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/auth/mfa/totp/setup", new { password = user.Password }, Ct), 409);

        var login = await PostLoginAsync(user.Email, user.Password);
        var body = await login.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("access_token", body, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh_token", body, StringComparison.Ordinal);
        var mfa = JsonSerializer.Deserialize<MfaDto>(body, Json)!;
        Assert.True(mfa.MfaRequired);
        Assert.Equal(300, mfa.MfaTokenExpiresIn);

        // The code that enabled the factor was used in this window: replaying it is refused.
        await ProblemAsync(await SecondStepAsync(mfa.MfaToken, code: CodeAt(secret.Secret)), 401);
        Api.Time.Advance(TimeSpan.FromSeconds(30));
        var fresh = CodeAt(secret.Secret);
        var tokens = await SecondStepAsync(mfa.MfaToken, code: fresh);
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        var pair = (await tokens.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
        Assert.Equal(HttpStatusCode.OK, (await Bearer(pair.AccessToken).GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        // The mfa_token works once; the same code in a new login is a replay.
        await ProblemAsync(await SecondStepAsync(mfa.MfaToken, code: fresh), 401);
        var again = await MfaLoginAsync(user.Email, user.Password);
        await ProblemAsync(await SecondStepAsync(again.MfaToken, code: fresh), 401);

        var audit = await AuditAsync(user.Id);
        Assert.Contains(audit, e => e.Type == "mfa_enabled");
        Assert.Contains(audit, e => e.Type == "mfa_failed");
        Assert.All(audit, e =>
        {
            Assert.DoesNotContain(secret.Secret, e.Details ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(fresh, e.Details ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(mfa.MfaToken, e.Details ?? "", StringComparison.Ordinal);
        });
        Assert.DoesNotContain(secret.Secret, Api.Log.All, StringComparison.Ordinal);
        Assert.DoesNotContain(mfa.MfaToken, Api.Log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_AlsoAnswersAQrCodeOfTheUri_AnSvgDocumentThatScansBackToIt()
    {
        var user = await NewCustomerAsync();

        var setup = await user.Client.PostAsJsonAsync("/api/v1/auth/mfa/totp/setup", new { password = user.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        using var json = JsonDocument.Parse(await setup.Content.ReadAsStringAsync(Ct));
        var uri = json.RootElement.GetProperty("otpauth_uri").GetString()!;
        var svg = json.RootElement.GetProperty("qr_svg").GetString()!;
        var document = XDocument.Parse(svg); // well-formed XML
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", document.Root!.Name);
        Assert.NotNull(document.Root.Attribute("viewBox"));
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "script" or "foreignObject" or "image");
        Assert.DoesNotContain("href", svg, StringComparison.OrdinalIgnoreCase); // nothing loaded from anywhere
        Assert.Equal(uri, QrScanner.Read(svg));
    }

    [Fact]
    public async Task TheSecondStepInCookieMode_SetsTheRefreshCookie_AndKeepsItOutOfTheBody()
    {
        var user = await NewCustomerAsync();
        var (secret, _) = await EnrolAsync(user);
        var mfa = await MfaLoginAsync(user.Email, user.Password);

        // As the pages' script sends it: X-Requested-With (a cookie-mode request needs it, or a same-site Origin).
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login/mfa?use_cookie=true")
        {
            Content = JsonContent.Create(new { mfa_token = mfa.MfaToken, code = CodeAt(secret) }),
        };
        request.Headers.Add("X-Requested-With", "fetch");
        var answer = await Anonymous().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("refresh_token\"", body, StringComparison.Ordinal);
        var cookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("shop_refresh=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/v1/auth", cookie, StringComparison.OrdinalIgnoreCase);
        var access = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Bearer(access).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task TheAdminPages_AreServed_WhileTheAdminApiAsksForASecondFactor()
    {
        var admin = await NewUserAsync(Role.Admin);
        Assert.True(await EnrollmentRequiredAsync(await admin.Client.GetAsync("/api/v1/admin/users", Ct)));

        foreach (var path in new[] { "/admin", "/admin/users" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/html");
            var page = await admin.Client.SendAsync(request, Ct); // with the admin's bearer token, as a page's fetch would not even send
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ARecoveryCode_LogsInOnce()
    {
        var user = await NewCustomerAsync();
        var (_, codes) = await EnrolAsync(user);

        var first = await MfaLoginAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, (await SecondStepAsync(first.MfaToken, recoveryCode: codes[3].ToUpperInvariant())).StatusCode);
        var second = await MfaLoginAsync(user.Email, user.Password);
        await ProblemAsync(await SecondStepAsync(second.MfaToken, recoveryCode: codes[3]), 401);
        Assert.Equal(HttpStatusCode.OK, (await SecondStepAsync(second.MfaToken, recoveryCode: codes[4])).StatusCode);

        var stored = await WithDbAsync(db => db.RecoveryCodes.AsNoTracking().Where(c => c.UserId == user.Id).Select(c => c.CodeHash).ToListAsync(Ct));
        Assert.Equal(10, stored.Count);
        Assert.DoesNotContain(stored, h => codes.Any(c => h.Contains(c.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task FiveWrongCodes_EndTheMfaToken_AndCountTowardTheLoginThrottle()
    {
        var user = await NewCustomerAsync();
        var (secret, _) = await EnrolAsync(user);
        var mfa = await MfaLoginAsync(user.Email, user.Password);

        for (var i = 0; i < 5; i++)
        {
            await ProblemAsync(await SecondStepAsync(mfa.MfaToken, code: WrongCode(secret)), 401);
        }

        await ProblemAsync(await SecondStepAsync(mfa.MfaToken, code: CodeAt(secret)), 401); // the token is dead
        var throttled = await PostLoginAsync(user.Email, user.Password); // five failures: the email is throttled
        await ProblemAsync(throttled, 429);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Equal(5, (await AuditAsync(user.Id)).Count(e => e.Type == "mfa_failed"));
    }

    [Fact]
    public async Task MalformedSecondSteps_Get400()
    {
        Assert.Contains("code", (await ProblemAsync(await SecondStepAsync("some-token"), 400)).Errors!.Keys);
        Assert.Contains("code", (await ProblemAsync(await SecondStepAsync("some-token", "123456", "abcde-fghij"), 400)).Errors!.Keys);
        Assert.Contains("mfa_token", (await ProblemAsync(await SecondStepAsync("", "123456"), 400)).Errors!.Keys);
        await ProblemAsync(await SecondStepAsync("not-a-real-token", "123456"), 401);
    }

    [Fact]
    public async Task Disabling_NeedsThePasswordAndACode()
    {
        var user = await NewCustomerAsync();
        var (secret, _) = await EnrolAsync(user);
        var tokens = await SecondStepAsync((await MfaLoginAsync(user.Email, user.Password)).MfaToken, code: CodeAt(secret));
        var client = Bearer((await tokens.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!.AccessToken);
        Api.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Contains("password", (await ProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/mfa/totp/disable", new { password = "not the password", code = CodeAt(secret) }, Ct), 400)).Errors!.Keys);
        Assert.Contains("code", (await ProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/mfa/totp/disable", new { password = user.Password, code = WrongCode(secret) }, Ct), 400)).Errors!.Keys);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/auth/mfa/totp/disable", new { password = user.Password, code = CodeAt(secret) }, Ct)).StatusCode);

        Assert.NotNull((await LoginAsync(user.Email, user.Password)).AccessToken);
        Assert.Contains(await AuditAsync(user.Id), e => e.Type == "mfa_disabled");
    }

    [Fact]
    public async Task AnAdminOrOpsWithoutASecondFactor_Gets403MfaEnrollmentRequired_OnAdminRoutes_UntilEnrolled()
    {
        var admin = await NewUserAsync(Role.Admin);
        var ops = await NewUserAsync(Role.Ops);
        var customer = await NewCustomerAsync();

        var refused = await ProblemAsync(await admin.Client.GetAsync("/api/v1/admin/users", Ct), 403);
        Assert.Contains("second factor", refused.Detail, StringComparison.Ordinal);
        Assert.True(await EnrollmentRequiredAsync(await admin.Client.GetAsync("/api/v1/admin/users", Ct)));
        Assert.True(await EnrollmentRequiredAsync(await ops.Client.GetAsync("/api/v1/admin/security/audit", Ct)));
        Assert.False(await EnrollmentRequiredAsync(await customer.Client.GetAsync("/api/v1/admin/users", Ct))); // a plain 403: the role

        // They can still log in, see themselves, and enrol; then the same token opens the routes.
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        await EnrolAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/v1/admin/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task OpsResetASecondFactor_EndingEverySession_Audited_ButNotAnAdmins()
    {
        var ops = await NewUserAsync(Role.Ops);
        var (opsSecret, _) = await EnrolAsync(ops);
        var target = await NewCustomerAsync();
        var (targetSecret, _) = await EnrolAsync(target);
        var admin = await NewUserAsync(Role.Admin);
        await EnrolAsync(admin);

        var reset = await ops.Client.PostAsync($"/api/v1/admin/security/users/{target.Id}/reset-mfa", null, Ct);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await ProblemAsync(await target.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        Assert.NotNull((await LoginAsync(target.Email, target.Password)).AccessToken); // no second factor any more
        var audit = await AuditAsync(target.Id);
        Assert.Contains(audit, e => e.Type == "mfa_reset_by_ops");
        Assert.All(audit, e => Assert.DoesNotContain(targetSecret, e.Details ?? "", StringComparison.Ordinal));

        await ProblemAsync(await ops.Client.PostAsync($"/api/v1/admin/security/users/{admin.Id}/reset-mfa", null, Ct), 403);
        await ProblemAsync(await ops.Client.PostAsync($"/api/v1/admin/security/users/{Guid.NewGuid()}/reset-mfa", null, Ct), 404);
        Assert.NotEqual(opsSecret, targetSecret);
    }

    [Fact]
    public async Task Checkout_ByAnUnconfirmedUser_Is403EmailConfirmationRequired_UntilConfirmed()
    {
        var user = await NewCustomerAsync();
        var refused = await user.Client.PostAsync("/api/v1/orders", null, Ct);
        await ProblemAsync(refused, 403);
        Assert.True(JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("email_confirmation_required").GetBoolean());

        var link = await Smtp.WaitForAsync(user.Email, AccountTestBase.ConfirmSubject);
        Assert.Equal(HttpStatusCode.NoContent, (await ConfirmAsync(link.TokenOf("confirm-email"))).StatusCode);

        var empty = await ProblemAsync(await user.Client.PostAsync("/api/v1/orders", null, Ct), 400); // past the gate: the cart is empty
        Assert.NotNull(empty.Title);
    }

    private static async Task<bool> EnrollmentRequiredAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return root.TryGetProperty("mfa_enrollment_required", out var flag) && flag.GetBoolean();
    }
}

public sealed class SecondFactorTestsOnSqlite(AccountPoliciesSqliteApi fixture) : SecondFactorTests(fixture), IClassFixture<AccountPoliciesSqliteApi>;

public sealed class SecondFactorTestsOnPostgres(AccountPoliciesPostgresApi fixture) : SecondFactorTests(fixture), IClassFixture<AccountPoliciesPostgresApi>;
