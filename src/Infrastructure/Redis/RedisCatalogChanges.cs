using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Persistence;
using StackExchange.Redis;

namespace Shop.Infrastructure.Redis;

/// <summary>
/// Catalogue changes between instances: announces this instance's changes on the Redis catalogue channel
/// (the message is the instance id, a <c>|</c>, and the tags of the cached answers the change affects,
/// separated by spaces) and, on every other instance, drops the <see cref="CatalogListingCache"/> and evicts
/// the cached answers with those tags when one arrives (everything, for a message without tags). Without
/// Redis, or while it is down, the caches' own time to live bounds how stale a cached answer
/// (<c>Catalog:PageCacheSeconds</c>), a total (30 s) or a deep page's position (5 min) can be on the others.
/// </summary>
public sealed partial class RedisCatalogChanges(
    RedisConnection redis,
    CatalogListingCache listings,
    ICatalogPageCache pages,
    IOptions<RedisOptions> options,
    ILogger<RedisCatalogChanges> logger) : BackgroundService, ICatalogChangeAnnouncer
{
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.CatalogChannel);
    private readonly string _origin = redis.InstanceId.ToString("N");
    private long _received;

    /// <summary>Changes announced by other instances since start, counted once their answers are evicted.</summary>
    public long Received => Interlocked.Read(ref _received);

    public void Announce(IReadOnlyCollection<string> tags)
    {
        if (redis.Current is not { IsConnected: true } multiplexer)
        {
            return;
        }

        try
        {
            multiplexer.GetSubscriber().Publish(_channel, $"{_origin}|{string.Join(' ', tags)}", CommandFlags.FireAndForget);
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

    private void Changed(RedisValue message)
    {
        var text = (string?)message ?? "";
        var separator = text.IndexOf('|', StringComparison.Ordinal);
        if ((separator < 0 ? text : text[..separator]) == _origin)
        {
            return; // dropped here before it was announced
        }

        // Only tags this version knows; none (or an older instance's bare id) evicts every cached answer.
        string[] tags = separator < 0 ? [] : [.. text[(separator + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(CatalogPageTags.IsKnown)];
        listings.Invalidate();
        var evicted = pages.EvictAsync(tags.Length == 0 ? [CatalogPageTags.All] : tags, CancellationToken.None);
        if (evicted.IsCompletedSuccessfully)
        {
            Interlocked.Increment(ref _received);
        }
        else
        {
            _ = CountWhenEvictedAsync(evicted);
        }
    }

    private async Task CountWhenEvictedAsync(ValueTask evicted)
    {
        try
        {
            await evicted;
        }
        finally
        {
            Interlocked.Increment(ref _received);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for catalogue changes on Redis channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);
}
