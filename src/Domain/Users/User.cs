using Shop.Domain.Common;

namespace Shop.Domain.Users;

public sealed class User
{
    public const int MaxEmailLength = 254;
    public const int MaxFullNameLength = 200;

    private User() { } // for EF

    public Guid Id { get; private set; }
    public string Email { get; private set; } = "";
    public string NormalizedEmail { get; private set; } = "";
    public string FullName { get; private set; } = "";
    public string PasswordHash { get; private set; } = "";
    public Role Role { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }
    public string? LockReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the owner proved they read this address (a confirmation link); null until then.</summary>
    public DateTimeOffset? EmailConfirmedAt { get; private set; }

    /// <summary>The RFC 6238 shared secret (base32): pending after setup, in force once <see cref="TotpEnabledAt"/> is set.</summary>
    public string? TotpSecret { get; private set; }

    public DateTimeOffset? TotpEnabledAt { get; private set; }

    /// <summary>The last TOTP time step accepted: a code of that step or an earlier one is never accepted again.</summary>
    public long? TotpLastStep { get; private set; }

    public bool EmailConfirmed => EmailConfirmedAt is not null;

    public bool MfaEnabled => TotpEnabledAt is not null;

    /// <summary>Changes whenever the row changes; used for optimistic concurrency.</summary>
    public Guid Version { get; private set; }

    /// <summary>
    /// Changes whenever every session of the user must end (password change, logout from all devices,
    /// lock, role change, ops). A session carries the stamp it was created under and works only while
    /// the two match, and a login stores its session only if the stamp it read at its start is unchanged.
    /// </summary>
    public Guid SecurityStamp { get; private set; }

    /// <summary>When the last login succeeded; writing it makes a login a conditional update of this row.</summary>
    public DateTimeOffset? LastLoginAt { get; private set; }

    public static User Register(string email, string fullName, string passwordHash, Role role, DateTimeOffset now, Guid? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        return new User
        {
            Id = id ?? UuidV7.New(now),
            Email = NormalizeEmail(email), // the canonical address is what is stored and shown
            NormalizedEmail = NormalizeEmail(email),
            FullName = fullName.Trim(),
            PasswordHash = passwordHash,
            Role = role,
            CreatedAt = now,
            Version = Guid.NewGuid(),
            SecurityStamp = Guid.NewGuid(),
        };
    }

    /// <summary>
    /// The canonical form of an address, used to store, show, compare and throttle it: Unicode NFKC (so a
    /// compatibility character such as U+017F "ſ" becomes the letter it stands for, "s", and is seen), then
    /// lower case. Upper-casing is not used: it maps characters such as "ı" onto ASCII letters.
    /// </summary>
    public static string NormalizeEmail(string email)
    {
        var trimmed = email.Trim();
        var composed = trimmed.IsNormalized(System.Text.NormalizationForm.FormKC)
            ? trimmed
            : TryNormalize(trimmed);
        return composed.ToLowerInvariant();
    }

    private static string TryNormalize(string text)
    {
        try
        {
            return text.Normalize(System.Text.NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return text; // an unpaired surrogate: left as it is, and refused as a mailbox by the validators
        }
    }

    /// <summary>A successful login. Saved together with the new session, on the condition that the
    /// security stamp (a concurrency token) is still the one the login read.</summary>
    public void RecordLogin(DateTimeOffset now) => LastLoginAt = now;

    /// <summary>Ends every session of the user for good: sessions made under the old stamp stop refreshing.</summary>
    public Guid ChangeSecurityStamp()
    {
        SecurityStamp = Guid.NewGuid();
        return SecurityStamp;
    }

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public void ChangePasswordHash(string passwordHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        PasswordHash = passwordHash;
        Version = Guid.NewGuid();
    }

    public void ChangeRole(Role role)
    {
        Role = role;
        Version = Guid.NewGuid();
    }

    public void Lock(DateTimeOffset until, string? reason, DateTimeOffset now)
    {
        if (until <= now)
        {
            throw new InvalidValueException("until", "A lock must end in the future.");
        }

        LockedUntil = until;
        LockReason = reason;
        Version = Guid.NewGuid();
    }

    public void ConfirmEmail(DateTimeOffset now)
    {
        EmailConfirmedAt ??= now;
        Version = Guid.NewGuid();
    }

    /// <summary>Starts (or restarts) TOTP enrolment with a new secret; nothing changes for login yet.</summary>
    public void BeginTotpSetup(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        if (MfaEnabled)
        {
            throw new DomainException("A second factor is already enabled; disable it first.");
        }

        TotpSecret = secret;
        TotpLastStep = null;
        Version = Guid.NewGuid();
    }

    /// <summary>Turns the pending secret on, after a code from it was checked at <paramref name="step"/>.</summary>
    public void EnableTotp(long step, DateTimeOffset now)
    {
        if (MfaEnabled)
        {
            throw new DomainException("A second factor is already enabled.");
        }

        if (TotpSecret is null)
        {
            throw new DomainException("Set up the authenticator first.");
        }

        TotpEnabledAt = now;
        TotpLastStep = step;
        Version = Guid.NewGuid();
    }

    /// <summary>Accepts a code of time step <paramref name="step"/> once: false for a step already used (a replay).</summary>
    public bool AcceptTotpStep(long step)
    {
        if (TotpLastStep is { } last && step <= last)
        {
            return false;
        }

        TotpLastStep = step;
        Version = Guid.NewGuid();
        return true;
    }

    public void DisableTotp()
    {
        TotpSecret = null;
        TotpEnabledAt = null;
        TotpLastStep = null;
        Version = Guid.NewGuid();
    }

    public void Unlock()
    {
        LockedUntil = null;
        LockReason = null;
        Version = Guid.NewGuid();
    }
}
