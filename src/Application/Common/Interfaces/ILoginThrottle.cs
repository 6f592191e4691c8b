namespace Shop.Application.Common.Interfaces;

/// <summary>
/// Counts failed logins per email in a store that every API instance shares, so that more than
/// <see cref="MaxFailures"/> failures within <see cref="Window"/> are answered 429 wherever they land.
/// The email need not exist: unknown and known emails are counted alike.
/// </summary>
public interface ILoginThrottle
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Null when a login for this email may be tried now; otherwise how long until it may.</summary>
    Task<TimeSpan?> RetryAfterAsync(string normalizedEmail, CancellationToken cancellationToken);

    Task RecordFailureAsync(string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>Forgets the failures of this email (after a successful login, or when ops unlock the account).</summary>
    Task ResetAsync(string normalizedEmail, CancellationToken cancellationToken);
}
