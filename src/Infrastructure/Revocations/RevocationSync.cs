using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Options;
using Shop.Domain.Auth;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.Revocations;

/// <summary>
/// Loads the revocations that still matter when the instance starts (before it serves a request), then
/// reads new ones from the database every poll interval. The read overlaps the previous one, and applying
/// a revocation twice changes nothing, so a row committed late is still seen.
/// </summary>
public sealed partial class RevocationSync(
    IServiceScopeFactory scopes,
    RevocationCache cache,
    IOptions<RevocationOptions> options,
    IOptions<JwtOptions> jwt,
    TimeProvider time,
    ILogger<RevocationSync> logger) : BackgroundService
{
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(60);
    private DateTimeOffset _since;
    private bool _failing;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _since = time.GetUtcNow() - jwt.Value.AccessTokenLifetime - JwtOptions.ClockSkew - Overlap;
        await PollOnceAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The poll cadence is wall-clock time on purpose: it schedules work, it does not date anything.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
                await PollOnceAsync(stoppingToken);
                cache.Prune();
                if (_failing)
                {
                    _failing = false;
                    LogRecovered(logger);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Revocations already known stay enforced; new ones arrive once the database answers again.
                if (!_failing)
                {
                    _failing = true;
                    LogPollFailed(logger, ex);
                }
            }
        }
    }

    public async Task PollOnceAsync(CancellationToken ct)
    {
        var started = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var since = _since;
        var rows = await db.Revocations.AsNoTracking()
            .Where(r => r.CreatedAt >= since)
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            cache.Apply(row);
        }

        _since = started - Overlap;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading revocations from the database failed; known revocations stay enforced")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading revocations from the database works again")]
    private static partial void LogRecovered(ILogger logger);
}
