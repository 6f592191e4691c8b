using Microsoft.Extensions.Options;
using Shop.Application.Common.Options;

namespace Shop.Infrastructure.Cleanup;

/// <summary>The <c>Cleanup</c> section: the job that deletes expired rows so the auth tables do not grow forever.</summary>
public sealed class CleanupOptions
{
    public const string Section = "Cleanup";

    /// <summary>Minutes between two runs on each instance; 0 turns the job off.</summary>
    public double IntervalMinutes { get; set; } = 60;

    /// <summary>Rows deleted per statement; a step repeats while it deletes a full batch. At most 4,000, below
    /// the 5,000 locks at which SQL Server escalates a statement's row locks to a table lock.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Days a session row (and so its history for ops) stays after it ended, by expiry or revocation.</summary>
    public double SessionRetentionDays { get; set; } = 30;

    /// <summary>Hours an <c>Idempotency-Key</c> is remembered; a repeat after that places a new order.</summary>
    public double IdempotencyKeyRetentionHours { get; set; } = 24;

    public TimeSpan IdempotencyKeyRetention => TimeSpan.FromHours(IdempotencyKeyRetentionHours);

    /// <summary>Kept past the last moment a revocation row can matter (access-token lifetime plus clock skew).</summary>
    public static readonly TimeSpan RevocationMargin = TimeSpan.FromHours(1);

    public TimeSpan Interval => TimeSpan.FromMinutes(IntervalMinutes);

    /// <summary>SQL Server escalates a statement's row locks to a table lock at about 5,000: stay below.</summary>
    public const int MaxBatchSize = 4_000;

    public int Batch => BatchSize;

    public TimeSpan SessionRetention => TimeSpan.FromDays(SessionRetentionDays);
}

public sealed class CleanupOptionsValidator : IValidateOptions<CleanupOptions>
{
    public ValidateOptionsResult Validate(string? name, CleanupOptions options) =>
        new OptionErrors(CleanupOptions.Section)
            .Range(nameof(CleanupOptions.IntervalMinutes), options.IntervalMinutes, 0, 7 * 24 * 60, "minutes (0 turns the job off)")
            .Range(nameof(CleanupOptions.BatchSize), options.BatchSize, 1, CleanupOptions.MaxBatchSize)
            .Range(nameof(CleanupOptions.SessionRetentionDays), options.SessionRetentionDays, 0, 3650, "days")
            .Range(nameof(CleanupOptions.IdempotencyKeyRetentionHours), options.IdempotencyKeyRetentionHours, 1, 24 * 365, "hours")
            .Result();
}
