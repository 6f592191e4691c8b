using Shop.Domain.Common;

namespace Shop.Domain.Auth;

/// <summary>
/// The state between a correct password and a correct second factor: a short-lived, single-use
/// <c>mfa_token</c> (stored as a hash) that dies after <see cref="MaxFailures"/> wrong codes.
/// </summary>
public sealed class MfaChallenge
{
    public const int MaxFailures = 5;

    private MfaChallenge() { } // for EF

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public int Failures { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public Guid Version { get; private set; }

    public static MfaChallenge Start(Guid userId, string tokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        return new MfaChallenge
        {
            Id = UuidV7.New(now),
            UserId = userId,
            TokenHash = tokenHash,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            Version = Guid.NewGuid(),
        };
    }

    public bool IsUsable(DateTimeOffset now) => CompletedAt is null && Failures < MaxFailures && now < ExpiresAt;

    public void Fail()
    {
        Failures++;
        Version = Guid.NewGuid();
    }

    public void Complete(DateTimeOffset now)
    {
        if (!IsUsable(now))
        {
            throw new DomainException("This MFA token was already used or has expired.");
        }

        CompletedAt = now;
        Version = Guid.NewGuid();
    }
}

/// <summary>One of the single-use codes handed out when a second factor is enabled; stored as a hash.</summary>
public sealed class RecoveryCode
{
    private RecoveryCode() { } // for EF

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string CodeHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }

    public static RecoveryCode Issue(Guid userId, string codeHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(codeHash);
        return new RecoveryCode { Id = UuidV7.New(now), UserId = userId, CodeHash = codeHash, CreatedAt = now };
    }
}
