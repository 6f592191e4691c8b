using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Infrastructure.Revocations;
using StackExchange.Redis;

namespace Shop.Infrastructure.Redis;

/// <summary>
/// Applies committed revocations here at once, then announces them on the Redis channel so every other
/// instance applies them within milliseconds. The rows are already committed when this runs, so a Redis
/// failure never reaches the caller: it is logged, and the other instances read the rows from the
/// database within their poll interval.
/// </summary>
public sealed partial class RedisRevocationPublisher(
    LocalRevocationPublisher local,
    RedisConnection redis,
    IOptions<RedisOptions> options,
    ILogger<RedisRevocationPublisher> logger) : IRevocationPublisher
{
    private int _failing;

    public async Task PublishAsync(IReadOnlyCollection<Revocation> revocations, CancellationToken cancellationToken)
    {
        await local.PublishAsync(revocations, cancellationToken);
        if (revocations.Count == 0)
        {
            return;
        }

        var multiplexer = redis.Current;
        if (multiplexer is not { IsConnected: true })
        {
            Failed(null);
            return;
        }

        try
        {
            var channel = RedisChannel.Literal(options.Value.Channel);
            await multiplexer.GetSubscriber().PublishAsync(channel, RevocationMessage.Encode(redis.InstanceId, revocations));
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                LogPublishingAgain(logger);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(ex);
        }
    }

    private void Failed(Exception? exception)
    {
        // One warning per outage, not one per logout.
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            LogNotPublished(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish revocations to Redis; the other instances apply them from the database within their poll interval")]
    private static partial void LogNotPublished(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing revocations to Redis works again")]
    private static partial void LogPublishingAgain(ILogger logger);
}
