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

    /// <summary>Changes whenever the row changes; used for optimistic concurrency.</summary>
    public Guid Version { get; private set; }

    public static User Register(string email, string fullName, string passwordHash, Role role, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        return new User
        {
            Id = UuidV7.New(now),
            Email = email.Trim(),
            NormalizedEmail = NormalizeEmail(email),
            FullName = fullName.Trim(),
            PasswordHash = passwordHash,
            Role = role,
            CreatedAt = now,
            Version = Guid.NewGuid(),
        };
    }

    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();

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

    public void Unlock()
    {
        LockedUntil = null;
        LockReason = null;
        Version = Guid.NewGuid();
    }
}
