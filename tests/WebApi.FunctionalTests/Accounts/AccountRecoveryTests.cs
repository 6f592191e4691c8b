using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Accounts;

/// <summary>Password reset and email confirmation, driven over HTTP, the links read from the emails that
/// arrived over SMTP. Some tests move the fixture's clock, so they run in this class alone.</summary>
public abstract class AccountRecoveryTests(ApiFixture fixture) : AccountTestBase(fixture)
{
    private const string NewPassword = "a brand new passphrase 42";

    [Fact]
    public async Task ForgotPassword_EmailsALink_ThatSetsTheNewPassword_EndsEverySession_AndSaysSo()
    {
        var user = await NewCustomerAsync();
        var phone = await LoginAsync(user.Email, user.Password);

        var forgot = await ForgotAsync(user.Email);
        Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        var email = await Smtp.WaitForAsync(user.Email, AccountTestBase.ResetSubject);
        Assert.Equal([user.Email], email.Recipients);
        Assert.StartsWith($"{ShopApiFactory.PublicBaseUrl}/reset-password?token=", email.Text.Split('\n').Single(l => l.Contains("token=", StringComparison.Ordinal)));
        Assert.Contains("reset-password?token=", email.Message.HtmlBody, StringComparison.Ordinal);
        var token = email.TokenOf("reset-password");
        Assert.Equal(43, token.Length); // 256 bits, base64url

        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(token, NewPassword)).StatusCode);

        await ProblemAsync(await user.Client.GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await Bearer(phone.AccessToken).GetAsync("/api/v1/auth/me", Ct), 401);
        await ProblemAsync(await RefreshAsync(user.Tokens.RefreshToken), 401);
        await ProblemAsync(await PostLoginAsync(user.Email, user.Password), 401);
        await LoginAsync(user.Email, NewPassword);
        var notice = await Smtp.WaitForAsync(user.Email, AccountTestBase.ChangedSubject);
        Assert.DoesNotContain(token, notice.Text, StringComparison.Ordinal);

        var audit = await AuditAsync(user.Id);
        Assert.Contains(audit, e => e.Type == "password_reset_requested");
        Assert.Contains(audit, e => e.Type == "password_reset" && e.Details == "2 sessions revoked");
        Assert.All(audit, e => Assert.DoesNotContain(token, e.Details ?? "", StringComparison.Ordinal));
        var stored = await WithDbAsync(db => db.AccountTokens.AsNoTracking().Where(t => t.UserId == user.Id).Select(t => t.TokenHash).ToListAsync(Ct));
        Assert.DoesNotContain(token, stored); // only the hash is kept
    }

    [Fact]
    public async Task ForgotPassword_ForAnUnknownEmail_AnswersTheSame_AndQueuesNothing()
    {
        var user = await NewCustomerAsync();
        var unknown = NewEmail("nobody");

        var known = await ForgotAsync(user.Email);
        var stranger = await ForgotAsync(unknown);

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, stranger.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(Ct), await stranger.Content.ReadAsStringAsync(Ct));
        await Smtp.WaitForAsync(user.Email, AccountTestBase.ResetSubject);
        Assert.False(await WithDbAsync(db => db.OutboxEmails.AnyAsync(e => e.ToAddress == unknown, Ct)));
        Assert.Empty(Smtp.To(unknown));
    }

    [Fact]
    public async Task ForgotPassword_WithABadEmail_Is400WithErrors()
    {
        var problem = await ProblemAsync(await ForgotAsync("not an email"), 400);
        Assert.Contains("email", problem.Errors!.Keys);
    }

    [Fact]
    public async Task ForgotPassword_SendsAtMostThreeLinksPerAccountInFifteenMinutes_AndStillAnswers202()
    {
        var user = await NewCustomerAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(user.Email)).StatusCode);
        }

        Assert.Equal(3, await WithDbAsync(db => db.OutboxEmails.CountAsync(e => e.ToAddress == user.Email && e.Subject == AccountTestBase.ResetSubject, Ct)));
    }

    [Fact]
    public async Task ResetTokens_Unknown_Tampered_Used_AndExpired_Get400OnToken_AndChangeNothing()
    {
        var user = await NewCustomerAsync();
        var token = await ResetTokenAsync(user.Email);
        var tampered = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        Assert.Contains("token", (await ProblemAsync(await ResetAsync(tampered, NewPassword), 400)).Errors!.Keys);
        Assert.Contains("token", (await ProblemAsync(await ResetAsync("unknown-token", NewPassword), 400)).Errors!.Keys);
        Assert.Contains("new_password", (await ProblemAsync(await ResetAsync(token, "short"), 400)).Errors!.Keys);
        await LoginAsync(user.Email, user.Password); // nothing changed so far

        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(token, NewPassword)).StatusCode);
        Assert.Contains("token", (await ProblemAsync(await ResetAsync(token, "yet another passphrase"), 400)).Errors!.Keys);

        var late = await ResetTokenAsync(user.Email, nth: 2);
        Api.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Contains("token", (await ProblemAsync(await ResetAsync(late, "yet another passphrase"), 400)).Errors!.Keys);
        await LoginAsync(user.Email, NewPassword);
    }

    [Fact]
    public async Task OneResetToken_UsedTwiceAtOnce_OneWins()
    {
        var user = await NewCustomerAsync();
        var token = await ResetTokenAsync(user.Email);

        var answers = await Task.WhenAll(ResetAsync(token, "first racing passphrase"), ResetAsync(token, "second racing passphrase"));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.BadRequest);
        var winner = answers[0].StatusCode == HttpStatusCode.NoContent ? "first racing passphrase" : "second racing passphrase";
        var loser = winner.StartsWith("first", StringComparison.Ordinal) ? "second racing passphrase" : "first racing passphrase";
        await LoginAsync(user.Email, winner);
        await ProblemAsync(await PostLoginAsync(user.Email, loser), 401);
    }

    [Fact]
    public async Task AResetLink_ForALockedUser_SetsThePassword_ButDoesNotUnlock()
    {
        var user = await NewCustomerAsync();
        await WithDbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.Id == user.Id, Ct);
            row.Lock(Api.Time.GetUtcNow().AddDays(1), "fraud review", Api.Time.GetUtcNow());
            return await db.SaveChangesAsync(Ct);
        });

        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(await ResetTokenAsync(user.Email), NewPassword)).StatusCode);

        await ProblemAsync(await PostLoginAsync(user.Email, NewPassword), 401);
        Assert.NotNull(await WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockedUntil).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Registration_EmailsAConfirmationLink_ThatConfirmsTheAddressOnce()
    {
        var user = await NewCustomerAsync();
        var me = await user.Client.GetFromJsonAsync<MeDto>("/api/v1/auth/me", Json, Ct);
        Assert.False(me!.EmailConfirmed);
        Assert.False(me.MfaEnabled);

        var email = await Smtp.WaitForAsync(user.Email, AccountTestBase.ConfirmSubject);
        var token = email.TokenOf("confirm-email");
        Assert.Contains($"{ShopApiFactory.PublicBaseUrl}/confirm-email?token=", email.Text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await ConfirmAsync(token)).StatusCode);
        Assert.True((await user.Client.GetFromJsonAsync<MeDto>("/api/v1/auth/me", Json, Ct))!.EmailConfirmed);
        Assert.Contains("token", (await ProblemAsync(await ConfirmAsync(token), 400)).Errors!.Keys);
        Assert.Contains("token", (await ProblemAsync(await ConfirmAsync("forged"), 400)).Errors!.Keys);
        Assert.Contains((await AuditAsync(user.Id)), e => e.Type == "email_confirmed");

        // A reset token is no confirmation token, and the other way round.
        var reset = await ResetTokenAsync(user.Email);
        await ProblemAsync(await ConfirmAsync(reset), 400);
        await ProblemAsync(await ResetAsync(token, NewPassword), 400);
    }

    [Fact]
    public async Task ResendConfirmation_SendsAFreshLink_AndIsThrottled()
    {
        var user = await NewCustomerAsync();
        await ProblemAsync(await Anonymous().PostAsync("/api/v1/auth/resend-confirmation", null, Ct), 401);

        Assert.Equal(HttpStatusCode.Accepted, (await user.Client.PostAsync("/api/v1/auth/resend-confirmation", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await user.Client.PostAsync("/api/v1/auth/resend-confirmation", null, Ct)).StatusCode);
        var third = await user.Client.PostAsync("/api/v1/auth/resend-confirmation", null, Ct); // the registration's link was the first
        await ProblemAsync(third, 429);
        Assert.NotNull(third.Headers.RetryAfter);

        var latest = await Smtp.WaitForAsync(user.Email, AccountTestBase.ConfirmSubject, count: 3);
        Assert.Equal(HttpStatusCode.NoContent, (await ConfirmAsync(latest.TokenOf("confirm-email"))).StatusCode);
    }

    [Fact]
    public async Task ANameWithInjectedHeaders_AddsNoRecipientAndNoHeader()
    {
        var email = NewEmail("eve");
        var register = await Anonymous().PostAsJsonAsync("/api/v1/auth/register", new
        {
            email,
            password = "correct horse battery staple",
            full_name = "Eve\r\nBcc: thief@evil.test\r\nSubject: pwned",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var received = await Smtp.WaitForAsync(email, AccountTestBase.ConfirmSubject);

        Assert.Equal([email], received.Recipients);
        Assert.Empty(received.Message.Bcc);
        Assert.Single(received.Message.To);
        Assert.Equal(AccountTestBase.ConfirmSubject, received.Message.Subject);
        var headers = System.Text.Encoding.ASCII.GetString(received.Raw).Split("\r\n\r\n")[0]
            .Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal).Split("\r\n"); // unfolded
        Assert.DoesNotContain(headers, h => h.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase));
        Assert.Single(headers, h => h.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(headers, h => h.StartsWith("To:", StringComparison.OrdinalIgnoreCase) && h.Contains("pwned", StringComparison.Ordinal)); // kept, inside the quoted name
        Assert.Empty(Smtp.To("thief@evil.test"));
    }
}

public sealed class AccountRecoveryTestsOnSqlite(SqliteApi fixture) : AccountRecoveryTests(fixture), IClassFixture<SqliteApi>;

public sealed class AccountRecoveryTestsOnPostgres(PostgresApi fixture) : AccountRecoveryTests(fixture), IClassFixture<PostgresApi>;

public sealed class AccountRecoveryTestsOnSqlServer(SqlServerApi fixture) : AccountRecoveryTests(fixture), IClassFixture<SqlServerApi>;
