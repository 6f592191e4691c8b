using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Shop.Application.Common.Options;

namespace Shop.Infrastructure.Security;

/// <summary>
/// The HMAC keys from configuration: <c>Jwt:SigningKeys</c> (a list with kids, one active) or the single
/// <c>Jwt:SigningKey</c>. The active key signs; every listed key validates, so keys rotate without
/// logging anyone out. What a key must be is <see cref="JwtOptionsValidator"/>'s to say, at start.
/// </summary>
public sealed class SigningKeys
{
    public SigningKeys(IOptions<JwtOptions> options)
    {
        var jwt = options.Value;
        var keys = new List<SymmetricSecurityKey>();
        SymmetricSecurityKey? active = null;

        foreach (var entry in jwt.SigningKeys.Where(k => !string.IsNullOrWhiteSpace(k.Key)))
        {
            var key = Create(entry.Key, string.IsNullOrWhiteSpace(entry.Kid) ? null : entry.Kid);
            keys.Add(key);
            if (entry.Active)
            {
                active ??= key;
            }
        }

        if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            var key = Create(jwt.SigningKey, null);
            keys.Add(key);
            active ??= key;
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

    private static SymmetricSecurityKey Create(string secret, string? kid)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);

        // Without an explicit kid, one is derived from the key so that it is stable across instances.
        kid ??= Base64UrlEncoder.Encode(SHA256.HashData(bytes).AsSpan(0, 8).ToArray());
        return new SymmetricSecurityKey(bytes) { KeyId = kid };
    }
}
