using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Shop.Application.Common.Interfaces;
using Shop.Infrastructure.Redis;
using StackExchange.Redis;

namespace Shop.Infrastructure.Security;

/// <summary>
/// Password attempts per email, in a sliding window, so <c>Retry-After</c> says exactly when the oldest
/// of them stops counting. An attempt is reserved before the password is checked, in one atomic step:
/// with Redis connected, a Lua script on a sorted set (atomic across every instance); otherwise
/// read-modify-write of <see cref="IDistributedCache"/> under a lock per key on this instance (the
/// in-memory cache of a single instance, or the fallback while Redis is away). A store that fails is
/// logged and the attempt allowed: an outage of the cache must not lock everyone out.
/// </summary>
public sealed partial class DistributedLoginThrottle(
    IDistributedCache cache,
    IOptions<LoginThrottleOptions> options,
    TimeProvider time,
    ILogger<DistributedLoginThrottle> logger,
    RedisConnection? redis = null,
    IOptions<RedisOptions>? redisOptions = null) : ILoginThrottle
{
    private const int Stripes = 64;
    private static readonly SemaphoreSlim[] Locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    // KEYS[1] the sorted set; ARGV: now (ms), window (ms), max, a unique member. Returns -1 when reserved,
    // else the time (ms) of the attempt whose leaving the window frees the next one.
    private const string ReserveScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
        local max = tonumber(ARGV[3])
        if redis.call('ZCARD', KEYS[1]) >= max then
          local oldest = redis.call('ZRANGE', KEYS[1], -max, -max, 'WITHSCORES')
          return tonumber(oldest[2])
        end
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return -1
        """;

    public async Task<TimeSpan?> TryReserveAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        if (redis?.IsConnected == true)
        {
            try
            {
                return await ReserveInRedisAsync(redis.Current!.GetDatabase(), normalizedEmail);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogCacheFailed(logger, "reserve in", ex);
            }
        }

        return await ReserveInCacheAsync(normalizedEmail, cancellationToken);
    }

    public async Task ResetAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        try
        {
            if (redis?.IsConnected == true)
            {
                await redis.Current!.GetDatabase().KeyDeleteAsync(RedisKey(normalizedEmail));
            }

            await cache.RemoveAsync(Key(normalizedEmail), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "reset", ex);
        }
    }

    private async Task<TimeSpan?> ReserveInRedisAsync(IDatabase db, string normalizedEmail)
    {
        var now = time.GetUtcNow();
        var result = (long)await db.ScriptEvaluateAsync(
            ReserveScript,
            [RedisKey(normalizedEmail)],
            [now.ToUnixTimeMilliseconds(), (long)ILoginThrottle.Window.TotalMilliseconds, ILoginThrottle.MaxFailures, Guid.NewGuid().ToString("N")]);
        return result < 0 ? null : RetryAfter(DateTimeOffset.FromUnixTimeMilliseconds(result), now);
    }

    private async Task<TimeSpan?> ReserveInCacheAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var key = Key(normalizedEmail);
        var gate = Locks[(key.GetHashCode(StringComparison.Ordinal) & int.MaxValue) % Stripes];
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var attempts = Recent(await cache.GetAsync(key, cancellationToken), now);
            if (attempts.Count >= ILoginThrottle.MaxFailures)
            {
                return RetryAfter(attempts[^ILoginThrottle.MaxFailures], now);
            }

            attempts.Add(now);

            // The cache's own expiry is housekeeping only; the window is judged by the stored times.
            await cache.SetAsync(key, Encode(attempts), new DistributedCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = ILoginThrottle.Window,
            }, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "use", ex);
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Blocked until the attempt at <paramref name="oldestCounted"/> leaves the window.</summary>
    private static TimeSpan RetryAfter(DateTimeOffset oldestCounted, DateTimeOffset now)
    {
        var wait = oldestCounted + ILoginThrottle.Window - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>The email is hashed: the shared store holds no addresses, and keys have one length.</summary>
    private string Key(string normalizedEmail) =>
        options.Value.KeyPrefix + Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));

    /// <summary>The sorted set in Redis: its own name, never the cache entry's (another Redis type).</summary>
    private RedisKey RedisKey(string normalizedEmail) =>
        (redisOptions?.Value.InstanceName ?? "") + Key(normalizedEmail) + ":attempts";

    private static List<DateTimeOffset> Recent(byte[]? value, DateTimeOffset now)
    {
        var attempts = new List<DateTimeOffset>(ILoginThrottle.MaxFailures + 1);
        if (value is null)
        {
            return attempts;
        }

        var since = now - ILoginThrottle.Window;
        for (var offset = 0; offset + sizeof(long) <= value.Length; offset += sizeof(long))
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(offset)));
            if (at > since)
            {
                attempts.Add(at);
            }
        }

        attempts.Sort();
        return attempts;
    }

    private static byte[] Encode(List<DateTimeOffset> attempts)
    {
        var value = new byte[attempts.Count * sizeof(long)];
        for (var i = 0; i < attempts.Count; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(value.AsSpan(i * sizeof(long)), attempts[i].ToUnixTimeMilliseconds());
        }

        return value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The login throttle could not {Operation} the shared cache; the attempt is allowed")]
    private static partial void LogCacheFailed(ILogger logger, string operation, Exception exception);
}
