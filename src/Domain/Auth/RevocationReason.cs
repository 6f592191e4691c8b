namespace Shop.Domain.Auth;

/// <summary>Why a session ended before its time. Stored and shown to ops as snake_case text.</summary>
public static class RevocationReason
{
    public const string Logout = "logout";
    public const string LogoutAll = "logout_all";
    public const string SessionDeleted = "session_deleted";
    public const string PasswordChanged = "password_changed";
    public const string RefreshReuse = "refresh_token_reuse";
    public const string Ops = "ops";
    public const string TokenRevoked = "token_revoked";
    public const string UserLocked = "user_locked";
    public const string RoleChanged = "role_changed";
    public const string GlobalRevoke = "global_revoke";
    public const string SessionLimit = "session_limit";
    public const string PasswordReset = "password_reset";
    public const string MfaReset = "mfa_reset";
}
