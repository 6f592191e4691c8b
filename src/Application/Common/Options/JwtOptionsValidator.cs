using System.Text;
using Microsoft.Extensions.Options;

namespace Shop.Application.Common.Options;

/// <summary>The <c>Jwt</c> section's rules, the signing key's among them: checked once, at start.</summary>
public sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public const int MinKeyBytes = 32;

    /// <summary>A key of fewer different bytes (32 × "a", "abab…", a short word repeated) is guessed, and then
    /// cracked offline from one token; a random key of 32 bytes or more has far more.</summary>
    public const int MinDistinctBytes = 16;

    /// <summary>Values that appear in examples and tutorials; refused whatever their length.</summary>
    private static readonly string[] KnownWeak =
    [
        "your-256-bit-secret", "your_secret_key", "secret", "changeme", "change-me", "super-secret-key",
        "supersecretkey", "mysecretkey", "my-secret-key", "this is a secret", "jwt-secret", "signing-key",
    ];

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var errors = new OptionErrors(JwtOptions.Section)
            .Required(nameof(JwtOptions.Issuer), options.Issuer)
            .Required(nameof(JwtOptions.Audience), options.Audience)
            .Range(nameof(JwtOptions.AccessTokenExpireMinutes), options.AccessTokenExpireMinutes, 1, 24 * 60, "minutes")
            .Range(nameof(JwtOptions.RefreshTokenExpireDays), options.RefreshTokenExpireDays, 1, 365, "days")
            .Range(nameof(JwtOptions.RefreshReuseGraceSeconds), options.RefreshReuseGraceSeconds, 0, JwtOptions.MaxReuseGraceSeconds, "seconds");

        var listed = options.SigningKeys.Where(k => !string.IsNullOrWhiteSpace(k.Key)).ToList();
        if (listed.Count == 0 && string.IsNullOrWhiteSpace(options.SigningKey))
        {
            errors.Fail(nameof(JwtOptions.SigningKey),
                $"is not set: set it to a random secret of at least {MinKeyBytes} bytes, e.g. `openssl rand -base64 48`");
        }

        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            CheckKey(errors, nameof(JwtOptions.SigningKey), options.SigningKey);
        }

        for (var i = 0; i < options.SigningKeys.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(options.SigningKeys[i].Key))
            {
                CheckKey(errors, $"{nameof(JwtOptions.SigningKeys)}:{i}:{nameof(SigningKeyOptions.Key)}", options.SigningKeys[i].Key);
            }
        }

        if (listed.Count(k => k.Active) > 1)
        {
            errors.Fail(nameof(JwtOptions.SigningKeys), "marks more than one key Active: exactly one key signs");
        }

        return errors.Result();
    }

    private static void CheckKey(OptionErrors errors, string key, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < MinKeyBytes)
        {
            errors.Fail(key, $"is {bytes.Length} bytes; at least {MinKeyBytes} bytes (256 bits) are required, e.g. `openssl rand -base64 48`");
            return;
        }

        var distinct = bytes.Distinct().Count();
        if (distinct < MinDistinctBytes || IsKnownWeak(secret))
        {
            errors.Fail(key, $"is too easy to guess ({distinct} different bytes; at least {MinDistinctBytes} are required, and no example value): " +
                "make a random one with `openssl rand -base64 48`");
        }
    }

    private static bool IsKnownWeak(string secret)
    {
        var text = secret.Trim().ToLowerInvariant();
        return KnownWeak.Any(weak => text.StartsWith(weak, StringComparison.Ordinal) && text.Length < weak.Length + 24);
    }
}
