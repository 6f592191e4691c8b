using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Accounts;

/// <summary>Helpers of the account tests: the emails the API sent over SMTP, and the audit trail.</summary>
public abstract class AccountTestBase(ApiFixture fixture) : ApiTestBase(fixture)
{
    public const string ResetSubject = "Reset your Shop password";
    public const string ChangedSubject = "Your Shop password was changed";
    public const string ConfirmSubject = "Confirm your email address";

    protected static TestSmtpServer Smtp => TestSmtpServer.Shared;

    protected Task<HttpResponseMessage> ForgotAsync(string email) =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/forgot-password", new { email }, Ct);

    protected Task<HttpResponseMessage> ResetAsync(string token, string newPassword) =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/reset-password", new { token, new_password = newPassword }, Ct);

    protected Task<HttpResponseMessage> ConfirmAsync(string token) =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/confirm-email", new { token }, Ct);

    /// <summary>Asks for a reset link and reads its token from the email the SMTP server received.</summary>
    protected async Task<string> ResetTokenAsync(string email, int nth = 1)
    {
        var forgot = await ForgotAsync(email);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, forgot.StatusCode);
        return (await Smtp.WaitForAsync(email, ResetSubject, nth)).TokenOf("reset-password");
    }

    protected Task<HttpResponseMessage> PostLoginAsync(string email, string password) =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Ct);

    protected Task<List<(string Type, string? Details)>> AuditAsync(Guid userId) =>
        WithDbAsync(async db => (await db.SecurityEvents.AsNoTracking().Where(e => e.UserId == userId)
            .Select(e => new { e.Type, e.Details }).ToListAsync(Ct))
            .Select(e => (e.Type, e.Details)).ToList());

    protected sealed record MeDto(Guid Id, string Email, string FullName, string Role, bool EmailConfirmed, bool MfaEnabled);
}
