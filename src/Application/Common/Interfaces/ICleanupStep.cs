namespace Shop.Application.Common.Interfaces;

/// <summary>
/// One kind of expired data that the periodic cleanup job deletes. Each step deletes at most
/// <paramref name="batchSize"/> rows per call, set-based; the job calls it again while it returns a full
/// batch. Register more with <c>services.AddScoped&lt;ICleanupStep, MyStep&gt;()</c> (e.g. idempotency records).
/// </summary>
public interface ICleanupStep
{
    /// <summary>A short name for logs and the job's report, e.g. <c>refresh_tokens</c>.</summary>
    string Name { get; }

    /// <summary>Deletes one batch of rows that expired before <paramref name="now"/> allows; returns how many went.</summary>
    Task<int> DeleteBatchAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken);
}
