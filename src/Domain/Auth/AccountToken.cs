using Shop.Domain.Common;

namespace Shop.Domain.Auth;

/// <summary>What an <see cref="AccountToken"/> is for.</summary>
public static class AccountTokenPurpose
{
    public const string PasswordReset = "password_reset";
    public const string EmailConfirmation = "email_confirmation";
}

/// <summary>
/// A single-use link token sent by email (password reset, email confirmation). Only its hash is stored;
/// <see cref="Version"/> makes two uses at once conflict, so exactly one of them wins.
/// </summary>
public sealed class AccountToken
{
    private AccountToken() { } // for EF

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Purpose { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }
    public Guid Version { get; private set; }

    public static AccountToken Issue(Guid userId, string purpose, string tokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        if (purpose is not (AccountTokenPurpose.PasswordReset or AccountTokenPurpose.EmailConfirmation))
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown token purpose.");
        }

        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A token must live for some time.");
        }

        return new AccountToken
        {
            Id = UuidV7.New(now),
            UserId = userId,
            Purpose = purpose,
            TokenHash = tokenHash,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            Version = Guid.NewGuid(),
        };
    }

    public bool IsUsable(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;

    public void Use(DateTimeOffset now)
    {
        if (!IsUsable(now))
        {
            throw new DomainException("This token was already used or has expired.");
        }

        UsedAt = now;
        Version = Guid.NewGuid();
    }
}
