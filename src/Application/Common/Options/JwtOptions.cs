namespace Shop.Application.Common.Options;

/// <summary>The <c>Jwt</c> configuration section; <see cref="JwtOptionsValidator"/> holds its rules.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";
    public const int MaxReuseGraceSeconds = 60;

    public string Issuer { get; set; } = "shop";
    public string Audience { get; set; } = "shop";

    /// <summary>The HMAC key (at least 32 bytes). Outside Development the API refuses to start without one.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Optional list for rotation: one key signs, every listed key still validates.</summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    public int AccessTokenExpireMinutes { get; set; } = 30;
    public int RefreshTokenExpireDays { get; set; } = 7;
    public int RefreshReuseGraceSeconds { get; set; } = 10;

    public TimeSpan AccessTokenLifetime => TimeSpan.FromMinutes(AccessTokenExpireMinutes);
    public TimeSpan SessionLifetime => TimeSpan.FromDays(RefreshTokenExpireDays);
    public TimeSpan ReuseGrace => TimeSpan.FromSeconds(RefreshReuseGraceSeconds);

    /// <summary>Clock skew allowed when validating <c>exp</c>/<c>nbf</c>.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
}

public sealed class SigningKeyOptions
{
    public string Kid { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>The key that signs new tokens; exactly one listed key should be active.</summary>
    public bool Active { get; set; }
}
