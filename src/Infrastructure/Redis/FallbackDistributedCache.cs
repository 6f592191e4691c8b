using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace Shop.Infrastructure.Redis;

/// <summary>
/// The distributed cache over Redis, with this instance's memory as the fallback while Redis is down, so
/// that what uses it (the login throttle's counters) keeps working. During an outage the counters are per
/// instance, not shared; once Redis answers again they are shared again, without a restart.
/// </summary>
public sealed partial class FallbackDistributedCache(
    IDistributedCache redisCache,
    IDistributedCache memoryCache,
    RedisConnection redis,
    ILogger<FallbackDistributedCache> logger) : IDistributedCache
{
    private int _failing;

    public byte[]? Get(string key) => Run(c => c.Get(key));

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => RunAsync(c => c.GetAsync(key, token));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Run(c => { c.Set(key, value, options); return true; });

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        RunAsync(async c => { await c.SetAsync(key, value, options, token); return true; });

    public void Refresh(string key) => Run(c => { c.Refresh(key); return true; });

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        RunAsync(async c => { await c.RefreshAsync(key, token); return true; });

    public void Remove(string key) => Run(c => { c.Remove(key); return true; });

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        RunAsync(async c => { await c.RemoveAsync(key, token); return true; });

    private T Run<T>(Func<IDistributedCache, T> operation)
    {
        if (!redis.IsConnected)
        {
            Failed(null);
            return operation(memoryCache);
        }

        try
        {
            var result = operation(redisCache);
            Recovered();
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(ex);
            return operation(memoryCache);
        }
    }

    private async Task<T> RunAsync<T>(Func<IDistributedCache, Task<T>> operation)
    {
        if (!redis.IsConnected)
        {
            Failed(null);
            return await operation(memoryCache);
        }

        try
        {
            var result = await operation(redisCache);
            Recovered();
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(ex);
            return await operation(memoryCache);
        }
    }

    private void Failed(Exception? exception)
    {
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            LogFallback(logger, exception);
        }
    }

    private void Recovered()
    {
        if (Volatile.Read(ref _failing) == 1 && Interlocked.Exchange(ref _failing, 0) == 1)
        {
            LogRecovered(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable to the distributed cache; using this instance's memory until it returns")]
    private static partial void LogFallback(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The distributed cache uses Redis again")]
    private static partial void LogRecovered(ILogger logger);
}
