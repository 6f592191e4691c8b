using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Infrastructure.Revocations;
using Shop.Infrastructure.Telemetry;
using StackExchange.Redis;

namespace Shop.Infrastructure.Redis;

/// <summary>
/// Applies the revocations other instances publish on the Redis channel to this instance's
/// <see cref="RevocationCache"/>, subscribed through <see cref="RedisConnection.SubscribeAsync"/>.
/// </summary>
public sealed partial class RedisRevocationSubscriber(
    RedisConnection redis,
    RevocationCache cache,
    ShopMetrics metrics,
    IOptions<RedisOptions> options,
    ILogger<RedisRevocationSubscriber> logger) : BackgroundService
{
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
            await redis.SubscribeAsync(_channel, Apply, stoppingToken);
            _subscribed = true;
            LogListening(logger, options.Value.Channel);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
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
            cache.Apply(item.Kind, item.SubjectId, item.Cutoff, item.CreatedAt, item.ExceptSessionId);
            metrics.ReceivedFromRedis(item.Kind);
        }

        Interlocked.Add(ref _received, items.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for revocations on Redis channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed message on the revocation channel")]
    private static partial void LogMalformed(ILogger logger);
}
