using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Shop.Application.Common.Options;

namespace Shop.Infrastructure.Security;

/// <summary>
/// The HMAC keys from configuration: <c>Jwt:SigningKeys</c> (a list with kids, one active) or the single
/// <c>Jwt:SigningKey</c>. The active key signs; every listed key validates, so keys rotate without
/// logging anyone out.
/// </summary>
public sealed class SigningKeys
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

    public SigningKeys(IOptions<JwtOptions> options)
    {
        var jwt = options.Value;
        var keys = new List<SymmetricSecurityKey>();
        SymmetricSecurityKey? active = null;

        foreach (var entry in jwt.SigningKeys.Where(k => !string.IsNullOrWhiteSpace(k.Key)))
        {
            var key = Create(entry.Key, string.IsNullOrWhiteSpace(entry.Kid) ? null : entry.Kid, "Jwt:SigningKeys");
            keys.Add(key);
            if (entry.Active)
            {
                active ??= key;
            }
        }

        if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            var key = Create(jwt.SigningKey, null, "Jwt:SigningKey");
            keys.Add(key);
            active ??= key;
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException(
                $"No JWT signing key is configured. Set 'Jwt:SigningKey' (environment variable Jwt__SigningKey) to a random secret of at least {MinKeyBytes} bytes.");
        }

        Active = active ?? keys[0];
        All = keys;
        RefreshDerivationKeys = keys.OrderBy(k => k == Active ? 0 : 1)
            .Select(k => HKDF.DeriveKey(HashAlgorithmName.SHA256, k.Key, 32, info: "shop refresh token rotation"u8.ToArray()))
            .ToList();
    }

    public SymmetricSecurityKey Active { get; }

    public IReadOnlyList<SymmetricSecurityKey> All { get; }

    /// <summary>Keys for deriving a refresh token's successor, one per listed key, the active key's first;
    /// never used to sign anything else.</summary>
    internal IReadOnlyList<byte[]> RefreshDerivationKeys { get; }

    private static bool IsKnownWeak(string secret)
    {
        var text = secret.Trim().ToLowerInvariant();
        return KnownWeak.Any(weak => text.StartsWith(weak, StringComparison.Ordinal) && text.Length < weak.Length + 24);
    }

    private static SymmetricSecurityKey Create(string secret, string? kid, string setting)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < MinKeyBytes)
        {
            throw new InvalidOperationException(
                $"The JWT signing key in '{setting}' is {bytes.Length} bytes; at least {MinKeyBytes} bytes (256 bits) are required.");
        }

        var distinct = bytes.Distinct().Count();
        if (distinct < MinDistinctBytes || IsKnownWeak(secret))
        {
            throw new InvalidOperationException(
                $"The JWT signing key in '{setting}' is too easy to guess ({distinct} different bytes; at least {MinDistinctBytes} are required, " +
                "and no example value). Make a random one with `openssl rand -base64 48`.");
        }

        // Without an explicit kid, one is derived from the key so that it is stable across instances.
        kid ??= Base64UrlEncoder.Encode(SHA256.HashData(bytes).AsSpan(0, 8).ToArray());
        return new SymmetricSecurityKey(bytes) { KeyId = kid };
    }
}
