namespace Shop.Application.Common.Interfaces;

/// <summary>One email as the outbox hands it to a sender. <see cref="Id"/> becomes its Message-Id.</summary>
public sealed record EmailMessage(Guid Id, string ToAddress, string ToName, string Subject, string TextBody, string HtmlBody);

/// <summary>
/// Delivers one email (SMTP, or a pickup folder when no SMTP host is configured). Only the outbox
/// dispatcher calls it, never a request: a failure here is retried later, not shown to a user.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>The storefront's public address, for links in emails (<c>App:PublicBaseUrl</c>).</summary>
public interface IPublicBaseUrl
{
    /// <summary>Without a trailing slash, e.g. <c>https://shop.example</c>.</summary>
    string Value { get; }
}

/// <summary>RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30-second steps).</summary>
public interface ITotp
{
    /// <summary>A new random shared secret, base32.</summary>
    string NewSecret();

    /// <summary>The <c>otpauth://totp/…</c> URI an authenticator app reads (usually from a QR code).</summary>
    string ProvisioningUri(string secret, string accountName);

    /// <summary>The time step the code belongs to, if it is valid at <paramref name="now"/> (one step of
    /// drift either way); null otherwise.</summary>
    long? MatchStep(string secret, string code, DateTimeOffset now);
}
