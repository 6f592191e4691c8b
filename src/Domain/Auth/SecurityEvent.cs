using Shop.Domain.Common;

namespace Shop.Domain.Auth;

/// <summary>The types of the security audit log, as the API names them.</summary>
public static class SecurityEventType
{
    public const string LoginSucceeded = "login_succeeded";
    public const string LoginFailed = "login_failed";
    public const string RefreshReuseDetected = "refresh_reuse_detected";
    public const string SessionRevoked = "session_revoked";
    public const string SessionsRevokedAll = "sessions_revoked_all";
    public const string GlobalRevoke = "global_revoke";
    public const string UserLocked = "user_locked";
    public const string UserUnlocked = "user_unlocked";
    public const string RoleChanged = "role_changed";
    public const string PasswordChanged = "password_changed";
    public const string PasswordChangeFailed = "password_change_failed";
    public const string PasswordResetRequested = "password_reset_requested";
    public const string PasswordReset = "password_reset";
    public const string EmailConfirmed = "email_confirmed";
    public const string MfaEnabled = "mfa_enabled";
    public const string MfaDisabled = "mfa_disabled";
    public const string MfaFailed = "mfa_failed";
    public const string MfaResetByOps = "mfa_reset_by_ops";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        LoginSucceeded, LoginFailed, RefreshReuseDetected, SessionRevoked, SessionsRevokedAll,
        GlobalRevoke, UserLocked, UserUnlocked, RoleChanged, PasswordChanged, PasswordChangeFailed,
        PasswordResetRequested, PasswordReset, EmailConfirmed, MfaEnabled, MfaDisabled, MfaFailed, MfaResetByOps,
    };
}

/// <summary>One entry of the security audit log. Never holds a password, token or token hash.</summary>
public sealed class SecurityEvent
{
    public const int MaxDetailsLength = 1000;

    private SecurityEvent() { } // for EF

    public Guid Id { get; private set; }
    public string Type { get; private set; } = "";
    public Guid? UserId { get; private set; }
    public Guid? ActorId { get; private set; }
    public string? Ip { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string? Details { get; private set; }

    public static SecurityEvent Record(string type, Guid? userId, Guid? actorId, string? ip, DateTimeOffset now, string? details = null, Guid? id = null)
    {
        if (!SecurityEventType.All.Contains(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown security event type.");
        }

        return new SecurityEvent
        {
            Id = id ?? UuidV7.New(now),
            Type = type,
            UserId = userId,
            ActorId = actorId,
            Ip = ip is { Length: > Session.MaxIpLength } ? ip[..Session.MaxIpLength] : ip,
            At = now,
            Details = details is { Length: > MaxDetailsLength } ? details[..MaxDetailsLength] : details,
        };
    }
}
