using OtpNet;
using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Security;

/// <summary>RFC 6238 with Otp.NET: SHA-1, 6 digits, 30-second steps, one step of clock drift either way.</summary>
public sealed class OtpNetTotp : ITotp
{
    public const string Issuer = "Shop";
    private static readonly VerificationWindow Drift = new(previous: 1, future: 1);

    public string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20)); // 160 bits (RFC 4226)

    public string ProvisioningUri(string secret, string accountName) =>
        new OtpUri(OtpType.Totp, secret, accountName, Issuer, OtpHashMode.Sha1, digits: 6, period: 30).ToString();

    public long? MatchStep(string secret, string code, DateTimeOffset now)
    {
        code = code.Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret), step: 30, mode: OtpHashMode.Sha1, totpSize: 6);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, Drift) ? step : null;
    }
}
