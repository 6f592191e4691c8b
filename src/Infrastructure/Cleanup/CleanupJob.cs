using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Cleanup;

/// <summary>
/// Every <see cref="CleanupOptions.IntervalMinutes"/>, runs each registered <see cref="ICleanupStep"/> until
/// it has nothing left to delete, one batch per statement so no run holds long locks. Every instance runs
/// it; the deletes are idempotent, so two instances at once only repeat a little work. "Now" comes from
/// <see cref="TimeProvider"/>; the cadence is wall-clock time, it schedules work and dates nothing.
/// </summary>
public sealed partial class CleanupJob(
    IServiceScopeFactory scopes,
    IOptions<CleanupOptions> options,
    TimeProvider time,
    ILogger<CleanupJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex); // the next run tries again
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One full run: every step, batch after batch. Returns the rows deleted per step.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var batch = options.Value.Batch;
        var report = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var scope = scopes.CreateAsyncScope();
        foreach (var step in scope.ServiceProvider.GetServices<ICleanupStep>())
        {
            var total = 0;
            int deleted;
            do
            {
                deleted = await step.DeleteBatchAsync(now, batch, cancellationToken);
                total += deleted;
            }
            while (deleted >= batch);

            report[step.Name] = total;
            if (total > 0)
            {
                LogDeleted(logger, total, step.Name);
            }
        }

        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup deleted {Count} expired rows of {Step}")]
    private static partial void LogDeleted(ILogger logger, int count, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup run failed; the next run tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup job is off (Cleanup:IntervalMinutes <= 0)")]
    private static partial void LogDisabled(ILogger logger);
}
