using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Shop.Domain.Auth;
using Shop.Domain.Users;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>The findings of the outside attack (issue 11), each driven over HTTP the way it was found.</summary>
public abstract class AttackFindingsTests(ApiFixture fixture) : SecurityTestBase(fixture)
{
    // ---- 2. ops over admins -------------------------------------------------------------------------

    [Fact]
    public async Task Ops_CannotLock_RevokeTheSessionsOf_OrEndASessionOf_AnAdmin_AndNothingChanges()
    {
        var ops = await OpsAsync();
        var admin = await NewUserAsync(Role.Admin);
        var sessionId = Tokens.SessionIdOf(admin.Tokens.AccessToken);

        var lockIt = await PostJsonAsync(ops.Client, $"{Ops}/users/{admin.Id}/lock", new { until = Api.Time.GetUtcNow().AddHours(1), reason = "take over" });
        var revokeAll = await ops.Client.PostAsync($"{Ops}/users/{admin.Id}/revoke-sessions", null, Ct);
        var endOne = await ops.Client.DeleteAsync($"{Ops}/sessions/{sessionId}", Ct);

        Assert.Equal("Forbidden", (await ProblemAsync(lockIt, 403)).Title);
        await ProblemAsync(revokeAll, 403);
        await ProblemAsync(endOne, 403);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/v1/admin/products", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(admin.Tokens.RefreshToken)).StatusCode);
        Assert.Null(await WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).Select(u => u.LockedUntil).SingleAsync(Ct)));

        // An admin may still act on another admin (another unlocked admin is left).
        var byAdmin = await PostJsonAsync((await AdminAsync()).Client, $"{Ops}/users/{admin.Id}/lock", new { until = Api.Time.GetUtcNow().AddHours(1), reason = "offboarding" });
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
    }

    // ---- 3. change-password is throttled and audited ------------------------------------------------

    [Fact]
    public async Task WrongCurrentPasswords_CountTowardTheLoginThrottle_AreAudited_AndTheSixthIs429()
    {
        var user = await NewCustomerAsync();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await PostJsonAsync(user.Client, "/api/v1/auth/change-password",
                new { current_password = $"guess number {i}", new_password = "a brand new passphrase 42" });
            Assert.Contains("current_password", (await ProblemAsync(wrong, 400)).Errors!.Keys);
        }

        var sixth = await PostJsonAsync(user.Client, "/api/v1/auth/change-password",
            new { current_password = user.Password, new_password = "a brand new passphrase 42" });
        await ProblemAsync(sixth, 429);
        Assert.True(sixth.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // The same per-account throttle: the login is refused too, and the password did not change.
        await ProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password }, Ct), 429);
        var audit = await AuditOfAsync(user.Id, SecurityEventType.PasswordChangeFailed);
        Assert.Equal(5, audit.Count);
        Assert.All(audit, e => Assert.Equal(user.Id, e.ActorId));
    }

    // ---- 4. the throttle reserves attempts atomically -----------------------------------------------

    [Fact]
    public async Task FortyParallelWrongPasswords_CheckExactlyFive()
    {
        var user = await NewCustomerAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            (await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = $"wrong password {i}" }, Ct)).StatusCode, Ct)));

        Assert.Equal(5, answers.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(35, answers.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(5, (await AuditOfAsync(user.Id, SecurityEventType.LoginFailed)).Count);
    }

    // ---- 5. canonical emails, plain mailboxes only --------------------------------------------------

    [Fact]
    public async Task AnAddressThatFoldsOntoAnExistingOne_IsTaken_AndTheCanonicalFormIsStoredAndShown()
    {
        var local = $"sam{Guid.NewGuid():N}";
        var registered = await RegisterAsync($"{local.ToUpperInvariant()}@Shop.TEST");
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal($"{local}@shop.test", (await registered.Content.ReadFromJsonAsync<UserDto>(Json, Ct))!.Email);

        // U+017F (long s) and the Kelvin sign fold onto ASCII letters: the same account, so 409.
        await ProblemAsync(await RegisterAsync($"ſ{local[1..]}@shop.test"), 409);
        await ProblemAsync(await RegisterAsync($"{local}@ſhop.test"), 409);
        await ProblemAsync(await RegisterAsync($"{local}@shop.test".Replace("s", "ſ", StringComparison.Ordinal)), 409);
        await ProblemAsync(await RegisterAsync($"admin@ſhop.test"), 409); // the seeded admin's address

        // Login, and its throttle, use the same canonical form.
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().PostAsJsonAsync("/api/v1/auth/login",
            new { email = $"ſ{local[1..].ToUpperInvariant()}@SHOP.test", password = "correct horse battery staple" }, Ct)).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = $"{local.ToUpperInvariant()}@shop.test", password = "wrong" }, Ct);
        }

        await ProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/login",
            new { email = $"ſ{local[1..]}@shop.test", password = "correct horse battery staple" }, Ct), 429);
    }

    [Theory]
    [InlineData("zero\u200Bwidth@shop.test")]
    [InlineData("line\r\nbreak@shop.test")]
    [InlineData("Eve <eve@shop.test>")]
    [InlineData("<eve@shop.test>")]
    [InlineData("bell\u0007@shop.test")]
    [InlineData("two@at@shop.test")]
    [InlineData("no-domain@localhost")]
    [InlineData("space in@shop.test")]
    [InlineData("\"quoted\"@shop.test")]
    [InlineData(".dot@shop.test")]
    public async Task AnAddressThatIsNotAPlainMailbox_Is400_WithErrorsEmail(string email)
    {
        var problem = await ProblemAsync(await RegisterAsync(email), 400);
        Assert.Contains("email", problem.Errors!.Keys);
    }

    // ---- 7. password policy -------------------------------------------------------------------------

    [Theory]
    [InlineData("{email}")]
    [InlineData("{local}")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("Password1")]
    [InlineData("PASSWORD!")]
    [InlineData("iloveyou2024!")]
    public async Task AWeakPassword_IsRefused_WithErrorsPassword(string template)
    {
        var local = $"pat{Guid.NewGuid():N}";
        var email = $"{local}@shop.test";
        var password = template.Replace("{email}", email.ToUpperInvariant(), StringComparison.Ordinal).Replace("{local}", local, StringComparison.Ordinal);

        var problem = await ProblemAsync(await RegisterAsync(email, password), 400);
        Assert.Contains("password", problem.Errors!.Keys);
    }

    [Fact]
    public async Task ANewPasswordEqualToTheEmail_IsRefusedByChangePassword()
    {
        var user = await NewCustomerAsync();
        var problem = await ProblemAsync(await PostJsonAsync(user.Client, "/api/v1/auth/change-password",
            new { current_password = user.Password, new_password = user.Email }), 400);
        Assert.Contains("new_password", problem.Errors!.Keys);
    }

    // ---- 10. no audit entry for a request that changes nothing --------------------------------------

    [Fact]
    public async Task ReplayingADeadRefreshToken_WritesOneReuseEntry_NotOnePerReplay()
    {
        var user = await NewCustomerAsync();
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(user.Tokens.RefreshToken)).StatusCode);
        Api.Time.Advance(TimeSpan.FromSeconds(11)); // past the grace window: the first replay is reuse

        for (var i = 0; i < 4; i++)
        {
            await ProblemAsync(await RefreshAsync(user.Tokens.RefreshToken), 401);
        }

        Assert.Single(await AuditOfAsync(user.Id, SecurityEventType.RefreshReuseDetected));
    }

    // ---- 12. a valid token for a user that does not exist -------------------------------------------

    [Fact]
    public async Task AValidTokenForAUserThatDoesNotExist_Is401_NotA500()
    {
        var now = Api.Time.GetUtcNow();
        var token = Tokens.Sign(ShopApiFactory.SigningKey, Guid.NewGuid(), Guid.CreateVersion7(now), now);
        var client = Bearer(token);

        var admin = (await AdminAsync()).Client;
        var category = await OkOrCreatedIdAsync(await admin.PostAsJsonAsync("/api/v1/admin/categories", new { name = $"Ghosts {Guid.NewGuid():N}" }, Ct));
        var product = await OkOrCreatedIdAsync(await admin.PostAsJsonAsync("/api/v1/admin/products",
            new { name = "Ghost mug", description = "d", price = 5m, stock = 5, category_id = category, publish = true }, Ct));

        await ProblemAsync(await client.PutAsJsonAsync($"/api/v1/cart/items/{product}", new { quantity = 1 }, Ct), 401);
        Assert.False(await WithDbAsync(db => db.Carts.AnyAsync(c => c.UserId == Guid.Empty || c.Items.Any(i => i.ProductId == product), Ct)));

        await ProblemAsync(await PostJsonAsync(client, "/api/v1/auth/change-password",
            new { current_password = "whatever it was", new_password = "a brand new passphrase 42" }), 401);
    }

    // ---- 13. headers --------------------------------------------------------------------------------

    [Fact]
    public async Task Responses_CarryNosniff_PersonalDataIsNoStore_AndKestrelSendsNoServerHeader()
    {
        var user = await NewCustomerAsync();
        var admin = await AdminAsync();
        foreach (var response in new[]
        {
            await user.Client.GetAsync("/api/v1/auth/me", Ct),
            await user.Client.GetAsync("/api/v1/auth/sessions", Ct),
            await user.Client.GetAsync("/api/v1/orders", Ct),
            await user.Client.GetAsync("/api/v1/cart", Ct),
            await admin.Client.GetAsync("/api/v1/admin/users", Ct),
            await admin.Client.GetAsync($"{Ops}/audit", Ct),
            await Anonymous().GetAsync("/api/v1/auth/me", Ct), // a 401 problem too
        })
        {
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: no Cache-Control: no-store");
            Assert.False(response.Headers.Contains("Server"));
        }

        var catalogue = await Anonymous().GetAsync("/api/v1/products", Ct);
        Assert.Equal("nosniff", Assert.Single(catalogue.Headers.GetValues("X-Content-Type-Options")));
        Assert.NotEqual(true, catalogue.Headers.CacheControl?.NoStore);
        Assert.False(Api.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    // ---- 14. JWT parsing leniency -------------------------------------------------------------------

    [Fact]
    public async Task HandMadeTokens_WithARoleArray_ACritHeader_OrADuplicateMember_AreRefused()
    {
        var user = await NewCustomerAsync();
        var sid = Tokens.SessionIdOf(user.Tokens.AccessToken);
        var now = Api.Time.GetUtcNow().ToUnixTimeSeconds();
        var claims = $"\"sub\":\"{user.Id}\",\"sid\":\"{sid}\",\"jti\":\"{Guid.NewGuid()}\",\"iss\":\"shop\",\"aud\":\"shop\",\"iat\":{now},\"nbf\":{now},\"exp\":{now + 600}";
        const string header = "\"alg\":\"HS256\",\"typ\":\"at+jwt\"";

        // The well-formed control: the same hand-made shape with one string role is accepted.
        Assert.Equal(HttpStatusCode.OK, (await Bearer(Raw(header, claims + ",\"role\":\"customer\"")).GetAsync("/api/v1/auth/me", Ct)).StatusCode);

        foreach (var (name, token) in new[]
        {
            ("role array", Raw(header, claims + ",\"role\":[\"customer\",\"admin\"]")),
            ("crit header", Raw(header + ",\"crit\":[\"exp\"]", claims + ",\"role\":\"customer\"")),
            ("duplicate role", Raw(header, claims + ",\"role\":\"customer\",\"role\":\"admin\"")),
            ("duplicate header member", Raw(header + ",\"typ\":\"at+jwt\"", claims + ",\"role\":\"customer\"")),
        })
        {
            var admin = await Bearer(token).GetAsync("/api/v1/admin/products", Ct);
            Assert.True(admin.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)admin.StatusCode}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(token).GetAsync("/api/v1/auth/me", Ct)).StatusCode);
        }
    }

    /// <summary>A JWT signed with the API's key from raw JSON, so it can hold what no library writes.</summary>
    private static string Raw(string headerMembers, string payloadMembers)
    {
        var input = Base64UrlEncoder.Encode("{" + headerMembers + "}") + "." + Base64UrlEncoder.Encode("{" + payloadMembers + "}");
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(ShopApiFactory.SigningKey), Encoding.ASCII.GetBytes(input));
        return input + "." + Base64UrlEncoder.Encode(signature);
    }

    private static async Task<Guid> OkOrCreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<IdDto>(Json, Ct))!.Id;
    }

    private sealed record IdDto(Guid Id);

    private Task<HttpResponseMessage> RegisterAsync(string email, string password = "correct horse battery staple") =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/register", new { email, password, full_name = "Finding" }, Ct);
}

public sealed class AttackFindingsTestsOnSqlite(SqliteApi fixture) : AttackFindingsTests(fixture), IClassFixture<SqliteApi>;

public sealed class AttackFindingsTestsOnPostgres(PostgresApi fixture) : AttackFindingsTests(fixture), IClassFixture<PostgresApi>;
