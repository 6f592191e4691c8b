using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Infrastructure.Security;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

public abstract class RegisterAndLoginTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task Register_TheSameEmailInAnotherCase_Is409()
    {
        var email = NewEmail();
        var first = await Anonymous().PostAsJsonAsync("/api/v1/auth/register", new { email, password = "long enough password", full_name = "A" }, Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var second = await Anonymous().PostAsJsonAsync("/api/v1/auth/register",
            new { email = email.ToUpperInvariant(), password = "long enough password", full_name = "B" }, Ct);

        await ProblemAsync(second, 409);
    }

    [Fact]
    public async Task Register_TheSameEmailInFullWidthLetters_Is409_AndLogsIntoTheOneAccount()
    {
        // 'ｗｉｄｅ' is 'wide' in full-width letters: one email, one account, one failed-login counter.
        var email = NewEmail("wide");
        var wide = "ｗｉｄｅ" + email["wide".Length..];
        var first = await Anonymous().PostAsJsonAsync("/api/v1/auth/register", new { email, password = "long enough password", full_name = "A" }, Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var second = await Anonymous().PostAsJsonAsync("/api/v1/auth/register", new { email = wide, password = "long enough password", full_name = "B" }, Ct);

        await ProblemAsync(second, 409);
        var login = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = wide, password = "long enough password" }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Register_CannotChooseItsOwnRole()
    {
        var email = NewEmail();
        var response = await Anonymous().PostAsJsonAsync("/api/v1/auth/register",
            new { email, password = "long enough password", full_name = "Mallory", role = "admin", id = Guid.NewGuid() }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = (await response.Content.ReadFromJsonAsync<UserDto>(Json, Ct))!;
        Assert.Equal("customer", user.Role);
        var tokens = await LoginAsync(email, "long enough password");
        var me = await Bearer(tokens.AccessToken).GetFromJsonAsync<UserDto>("/api/v1/auth/me", Json, Ct);
        Assert.Equal("customer", me!.Role);
    }

    [Theory]
    [InlineData("not-an-email", "long enough password", "Name", "email")]
    [InlineData("", "long enough password", "Name", "email")]
    [InlineData("{0}", "short", "Name", "password")]
    [InlineData("{0}", "long enough password", "", "full_name")]
    public async Task Register_WithBadInput_Is400_NamingTheField(string email, string password, string fullName, string field)
    {
        var response = await Anonymous().PostAsJsonAsync("/api/v1/auth/register",
            new { email = string.Format(System.Globalization.CultureInfo.InvariantCulture, email, NewEmail()), password, full_name = fullName }, Ct);

        var problem = await ProblemAsync(response, 400);
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Fact]
    public async Task Register_APasswordOf129Characters_Is400_And128IsAccepted()
    {
        var tooLong = await Anonymous().PostAsJsonAsync("/api/v1/auth/register",
            new { email = NewEmail(), password = new string('x', 120) + "-abcdefgh", full_name = "A" }, Ct);
        await ProblemAsync(tooLong, 400);

        var longest = await Anonymous().PostAsJsonAsync("/api/v1/auth/register",
            new { email = NewEmail(), password = new string('y', 120) + "-abcdefg", full_name = "A" }, Ct);
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [Fact]
    public async Task Login_UnknownEmailAndWrongPassword_GetTheSameAnswer()
    {
        var user = await NewCustomerAsync();

        var wrongPassword = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "wrong password!" }, Ct);
        var unknownEmail = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = NewEmail(), password = "wrong password!" }, Ct);

        var a = await ProblemAsync(wrongPassword, 401);
        var b = await ProblemAsync(unknownEmail, 401);
        Assert.Equal(a.Title, b.Title);
        Assert.Equal(a.Detail, b.Detail);
    }

    [Fact]
    public async Task Login_IsCaseInsensitiveOnTheEmail()
    {
        var user = await NewCustomerAsync();

        await LoginAsync(user.Email.ToUpperInvariant(), user.Password);
    }

    [Fact]
    public async Task Login_UpgradesAWeakerStoredHash()
    {
        var user = await NewCustomerAsync();
        var weak = new Microsoft.AspNetCore.Identity.PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(
            new Microsoft.AspNetCore.Identity.PasswordHasherOptions { IterationCount = 10_000 })).HashPassword(new object(), user.Password);
        await WithDbAsync(async db =>
        {
            var entity = await db.Users.SingleAsync(u => u.Id == user.Id, Ct);
            entity.ChangePasswordHash(weak);
            return await db.SaveChangesAsync(Ct);
        });

        await LoginAsync(user.Email, user.Password);

        var stored = await WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync(Ct));
        Assert.NotEqual(weak, stored);
        var bytes = Convert.FromBase64String(stored);
        var iterations = (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8]; // Identity v3 format
        Assert.Equal(IdentityPasswordHasher.Iterations, iterations);
        Assert.Equal(2, (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4]); // PRF 2 = HMAC-SHA512
    }

    [Fact]
    public async Task Login_RecordsSuccessAndFailureInTheAuditLog()
    {
        var user = await NewCustomerAsync();
        await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "wrong password!" }, Ct);

        var types = await WithDbAsync(db => db.SecurityEvents.Where(e => e.UserId == user.Id).Select(e => e.Type).ToListAsync(Ct));

        Assert.Contains("login_succeeded", types);
        Assert.Contains("login_failed", types);
    }
}

[Trait("tier", "sqlite")]
public sealed class RegisterAndLoginTestsOnSqlite(SqliteApi fixture) : RegisterAndLoginTests(fixture), IClassFixture<SqliteApi>;

[Trait("tier", "postgres")]
public sealed class RegisterAndLoginTestsOnPostgres(PostgresApi fixture) : RegisterAndLoginTests(fixture), IClassFixture<PostgresApi>;

[Trait("tier", "sqlserver")]
public sealed class RegisterAndLoginTestsOnSqlServer(SqlServerApi fixture) : RegisterAndLoginTests(fixture), IClassFixture<SqlServerApi>;
