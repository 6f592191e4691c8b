namespace Shop.Infrastructure.Security;

/// <summary>The <c>LoginThrottle</c> section.</summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "LoginThrottle";

    /// <summary>Prefix of the shared cache keys (one key per email, the email itself only as a hash).</summary>
    public string KeyPrefix { get; set; } = "shop:login-failures:";
}
