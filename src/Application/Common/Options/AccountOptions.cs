namespace Shop.Application.Common.Options;

/// <summary>The account-recovery and second-factor settings of the <c>Auth</c> section.</summary>
public sealed class AccountOptions
{
    public const string Section = "Auth";

    /// <summary>Lifetime of a password-reset link.</summary>
    public int PasswordResetTokenMinutes { get; set; } = 30;

    /// <summary>Lifetime of an email-confirmation link.</summary>
    public int EmailConfirmationTokenHours { get; set; } = 48;

    /// <summary>Comma-separated roles that must enable a second factor before using <c>/admin/**</c>.</summary>
    public string RequireMfaForRoles { get; set; } = "admin,ops";

    /// <summary>When true, unconfirmed users cannot place orders (403).</summary>
    public bool RequireConfirmedEmailForCheckout { get; set; }

    /// <summary>Emails of one kind sent to one account within <see cref="EmailWindow"/>; more are not sent.</summary>
    public int EmailsPerAccountPerWindow { get; set; } = 3;

    /// <summary><c>POST /auth/forgot-password</c> requests per client IP within <see cref="EmailWindow"/> before 429.</summary>
    public int ForgotPasswordPerIpPerWindow { get; set; } = 10;

    public static readonly TimeSpan EmailWindow = TimeSpan.FromMinutes(15);

    /// <summary>How long the <c>mfa_token</c> of a login waiting for its second factor lives.</summary>
    public static readonly TimeSpan MfaTokenLifetime = TimeSpan.FromMinutes(5);

    public TimeSpan PasswordResetTokenLifetime => TimeSpan.FromMinutes(PasswordResetTokenMinutes);

    public TimeSpan EmailConfirmationTokenLifetime => TimeSpan.FromHours(EmailConfirmationTokenHours);

    public IReadOnlySet<string> MfaRoles => RequireMfaForRoles
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(r => r.ToLowerInvariant())
        .ToHashSet(StringComparer.Ordinal);
}
