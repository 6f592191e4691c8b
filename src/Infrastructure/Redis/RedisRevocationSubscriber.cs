using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Infrastructure.Revocations;
using Shop.Infrastructure.Telemetry;
using StackExchange.Redis;

namespace Shop.Infrastructure.Redis;

/// <summary>
/// Applies the revocations other instances publish on the Redis channel to this instance's
/// <see cref="RevocationCache"/>. Subscribes once Redis answers (retrying while it does not); after that
/// the multiplexer re-subscribes by itself whenever the connection comes back.
/// </summary>
public sealed partial class RedisRevocationSubscriber(
    RedisConnection redis,
    RevocationCache cache,
    ShopMetrics metrics,
    IOptions<RedisOptions> options,
    ILogger<RedisRevocationSubscriber> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.Channel);
    private volatile bool _subscribed;
    private long _received;

    /// <summary>Revocations from other instances applied through Redis since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>True while a message published now would reach this instance.</summary>
    public bool IsListening => _subscribed && redis.Current?.GetSubscriber().IsConnected(_channel) == true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var multiplexer = await redis.GetAsync().WaitAsync(stoppingToken);
            var subscriber = multiplexer.GetSubscriber();
            Action<RedisChannel, RedisValue> handler = (_, message) => Apply(message);
            while (!_subscribed)
            {
                try
                {
                    await subscriber.SubscribeAsync(_channel, handler);
                    _subscribed = true;
                    LogListening(logger, options.Value.Channel);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // The handler is registered before the server answers, so a subscription that timed out
                    // may still be live; take it off first, or every message would be applied once per retry.
                    await ForgetAsync(subscriber, handler);
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ForgetAsync(ISubscriber subscriber, Action<RedisChannel, RedisValue> handler)
    {
        try
        {
            await subscriber.UnsubscribeAsync(_channel, handler);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The handler is gone locally; the server forgets the channel with the connection.
        }
    }

    private void Apply(RedisValue message)
    {
        if (!RevocationMessage.TryDecode(message, out var origin, out var items))
        {
            LogMalformed(logger);
            return;
        }

        if (origin == redis.InstanceId)
        {
            return; // applied locally before it was published
        }

        foreach (var item in items)
        {
            cache.Apply(item.Kind, item.SubjectId, item.Cutoff, item.CreatedAt);
            metrics.ReceivedFromRedis(item.Kind);
        }

        Interlocked.Add(ref _received, items.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for revocations on Redis channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed message on the revocation channel")]
    private static partial void LogMalformed(ILogger logger);
}
