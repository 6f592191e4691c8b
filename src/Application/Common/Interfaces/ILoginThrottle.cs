namespace Shop.Application.Common.Interfaces;

/// <summary>
/// Counts password attempts per account (failed logins, wrong current passwords) in a store that every
/// API instance shares, so that more than <see cref="MaxFailures"/> within <see cref="Window"/> are
/// answered 429 wherever they land. The email need not exist: unknown and known emails are counted alike.
/// </summary>
public interface ILoginThrottle
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Reserves one attempt before the password is checked, atomically: null when the attempt may go on
    /// (it now counts as a failure until <see cref="ResetAsync"/>), otherwise how long until one may.
    /// Checking and counting in one step is what keeps parallel guesses at <see cref="MaxFailures"/>.
    /// </summary>
    Task<TimeSpan?> TryReserveAsync(string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>Forgets the attempts of this email (after a successful login, or when ops unlock the account).</summary>
    Task ResetAsync(string normalizedEmail, CancellationToken cancellationToken);
}
