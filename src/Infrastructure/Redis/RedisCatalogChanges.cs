using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Persistence;
using StackExchange.Redis;

namespace Shop.Infrastructure.Redis;

/// <summary>
/// Catalogue changes between instances: announces this instance's changes on the Redis catalogue channel
/// (the message is the instance id) and, on every other instance, drops the <see cref="CatalogListingCache"/>
/// when one arrives. Without Redis, or while it is down, the caches' own time to live bounds how stale a
/// total (30 s) or a deep page's position (5 min) can be on the other instances.
/// </summary>
public sealed partial class RedisCatalogChanges(
    RedisConnection redis,
    CatalogListingCache listings,
    IOptions<RedisOptions> options,
    ILogger<RedisCatalogChanges> logger) : BackgroundService, ICatalogChangeAnnouncer
{
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.CatalogChannel);
    private readonly string _origin = redis.InstanceId.ToString("N");
    private long _received;

    /// <summary>Changes announced by other instances since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    public void Announce()
    {
        if (redis.Current is not { IsConnected: true } multiplexer)
        {
            return;
        }

        try
        {
            multiplexer.GetSubscriber().Publish(_channel, _origin, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // The others fall back on their time to live.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await redis.SubscribeAsync(_channel, Changed, stoppingToken);
            LogListening(logger, options.Value.CatalogChannel);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Changed(RedisValue origin)
    {
        if (origin == _origin)
        {
            return; // dropped here before it was announced
        }

        listings.Invalidate();
        Interlocked.Increment(ref _received);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for catalogue changes on Redis channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);
}
