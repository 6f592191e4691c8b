using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Security;

/// <summary>Opaque refresh tokens: 256 random bits, base64url; stored only as SHA-256.</summary>
public sealed class RefreshTokenFactory(SigningKeys keys) : IRefreshTokenFactory
{
    public const int TokenBytes = 32;

    public string NewValue() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(TokenBytes));

    public string SuccessorOf(string value) => Derive(keys.RefreshDerivationKeys[0], value);

    public IReadOnlyList<string> SuccessorCandidatesOf(string value) =>
        keys.RefreshDerivationKeys.Select(key => Derive(key, value)).ToList();

    private static string Derive(byte[] key, string value) =>
        Base64UrlEncoder.Encode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));

    public string Hash(string value) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public bool Matches(string value, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(value)), Encoding.ASCII.GetBytes(hash));
}
