using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Email;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.Email;

/// <summary>
/// Delivers the outbox on every instance. A row is claimed with one conditional UPDATE that moves its
/// <see cref="OutboxEmail.NextAttemptAt"/> a lease into the future and stamps a lease id: of two instances
/// that see the same due row, exactly one changes it, and only the holder of the lease marks it sent. A
/// failed send is retried after 2, 4, 8 … seconds (at most <see cref="OutboxOptions.MaxBackoffSeconds"/>);
/// a row that keeps failing for <see cref="OutboxOptions.GiveUpAfterHours"/> is marked failed. An instance
/// that dies mid-send leaves the row to be taken again when its lease ends: delivery is at least once,
/// and the Message-Id stays the same so a mail client shows a repeat once.
/// "Now" comes from <see cref="TimeProvider"/>; the polling cadence is wall-clock time.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IEmailSender sender,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.Outbox.PollSeconds));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (await DispatchOnceAsync(stoppingToken) > 0)
                    {
                        // a full batch may mean more are due
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRunFailed(logger, ex); // the database was away; the next look tries again
                }

                await Task.Delay(poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Claims and sends the due emails of one batch; returns how many rows were claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Outbox;
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var due = await db.OutboxEmails.AsNoTracking()
            .Where(e => e.SentAt == null && e.FailedAt == null && e.NextAttemptAt <= now)
            .OrderBy(e => e.NextAttemptAt)
            .Select(e => e.Id)
            .Take(Math.Max(1, settings.BatchSize))
            .ToListAsync(cancellationToken);

        var claimed = 0;
        foreach (var id in due)
        {
            var lease = Guid.NewGuid();
            var leasedUntil = now + TimeSpan.FromSeconds(Math.Max(1, settings.LeaseSeconds));
            var won = await db.OutboxEmails
                .Where(e => e.Id == id && e.SentAt == null && e.FailedAt == null && e.NextAttemptAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.NextAttemptAt, leasedUntil).SetProperty(e => e.LeaseId, lease), cancellationToken);
            if (won == 0)
            {
                continue; // another instance took it
            }

            claimed++;
            var email = await db.OutboxEmails.AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
            await DeliverAsync(db, email, lease, settings, cancellationToken);
        }

        return claimed;
    }

    private async Task DeliverAsync(ShopDbContext db, OutboxEmail email, Guid lease, OutboxOptions settings, CancellationToken ct)
    {
        var attempts = email.Attempts + 1;
        try
        {
            await sender.SendAsync(
                new EmailMessage(email.Id, email.ToAddress, email.ToName, email.Subject, email.TextBody, email.HtmlBody), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var giveUp = now - email.CreatedAt >= TimeSpan.FromHours(settings.GiveUpAfterHours);
            var retryAt = now + Backoff(attempts, settings);
            var error = $"{ex.GetType().Name}: {ex.Message}";
            error = error.Length > OutboxEmail.MaxErrorLength ? error[..OutboxEmail.MaxErrorLength] : error;
            await db.OutboxEmails
                .Where(e => e.Id == email.Id && e.LeaseId == lease)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(e => e.Attempts, attempts)
                    .SetProperty(e => e.NextAttemptAt, retryAt)
                    .SetProperty(e => e.LastError, error)
                    .SetProperty(e => e.FailedAt, giveUp ? now : null)
                    .SetProperty(e => e.LeaseId, (Guid?)null), CancellationToken.None);
            if (giveUp)
            {
                LogGaveUp(logger, email.Id, attempts, ex.GetType().Name);
            }
            else
            {
                LogRetry(logger, email.Id, attempts, (retryAt - now).TotalSeconds, ex.GetType().Name);
            }

            return;
        }

        var sentAt = time.GetUtcNow();
        await db.OutboxEmails
            .Where(e => e.Id == email.Id && e.LeaseId == lease)
            .ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Attempts, attempts)
                .SetProperty(e => e.SentAt, sentAt)
                .SetProperty(e => e.LastError, (string?)null), CancellationToken.None);
        LogSent(logger, email.Id, attempts);
    }

    public static TimeSpan Backoff(int attempts, OutboxOptions settings) =>
        TimeSpan.FromSeconds(Math.Min(Math.Max(1, settings.MaxBackoffSeconds), Math.Pow(2, Math.Min(attempts, 20))));

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailId} sent (attempt {Attempts})")]
    private static partial void LogSent(ILogger logger, Guid emailId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailId} not sent (attempt {Attempts}, {Error}); next try in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, Guid emailId, int attempts, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {EmailId} given up after {Attempts} attempts ({Error})")]
    private static partial void LogGaveUp(ILogger logger, Guid emailId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox run failed; the next run tries again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
