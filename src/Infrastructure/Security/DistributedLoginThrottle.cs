using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Security;

/// <summary>
/// Failed logins per email in <see cref="IDistributedCache"/>, the store every instance shares (memory by
/// default, Redis when configured). The value is the times of the most recent failures within the window
/// (a sliding window), so <c>Retry-After</c> says exactly when the oldest of them stops counting.
/// Read-modify-write is serialised per key on this instance; across instances two failures at the same
/// moment may count once, which the per-IP rate limit bounds. A cache that fails is logged and the login
/// is allowed: an outage of the cache must not lock everyone out.
/// </summary>
public sealed partial class DistributedLoginThrottle(
    IDistributedCache cache,
    IOptions<LoginThrottleOptions> options,
    TimeProvider time,
    ILogger<DistributedLoginThrottle> logger) : ILoginThrottle
{
    private const int Stripes = 64;
    private static readonly SemaphoreSlim[] Locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<TimeSpan?> RetryAfterAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var failures = Recent(await cache.GetAsync(Key(normalizedEmail), cancellationToken), now);
            if (failures.Count < ILoginThrottle.MaxFailures)
            {
                return null;
            }

            // Blocked until enough of the failures have left the window for one more try.
            var freesUp = failures[^ILoginThrottle.MaxFailures] + ILoginThrottle.Window;
            return freesUp - now;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "read", ex);
            return null;
        }
    }

    public async Task RecordFailureAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var key = Key(normalizedEmail);
        var gate = Locks[(key.GetHashCode(StringComparison.Ordinal) & int.MaxValue) % Stripes];
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var failures = Recent(await cache.GetAsync(key, cancellationToken), now);
            failures.Add(now);
            if (failures.Count > ILoginThrottle.MaxFailures)
            {
                failures.RemoveRange(0, failures.Count - ILoginThrottle.MaxFailures);
            }

            // The cache's own expiry is housekeeping only; the window is judged by the stored times.
            await cache.SetAsync(key, Encode(failures), new DistributedCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = ILoginThrottle.Window,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "write", ex);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task ResetAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        try
        {
            await cache.RemoveAsync(Key(normalizedEmail), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "reset", ex);
        }
    }

    /// <summary>The email is hashed: the shared store holds no addresses, and keys have one length.</summary>
    private string Key(string normalizedEmail) =>
        options.Value.KeyPrefix + Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));

    private static List<DateTimeOffset> Recent(byte[]? value, DateTimeOffset now)
    {
        var failures = new List<DateTimeOffset>(ILoginThrottle.MaxFailures + 1);
        if (value is null)
        {
            return failures;
        }

        var since = now - ILoginThrottle.Window;
        for (var offset = 0; offset + sizeof(long) <= value.Length; offset += sizeof(long))
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(offset)));
            if (at > since)
            {
                failures.Add(at);
            }
        }

        failures.Sort();
        return failures;
    }

    private static byte[] Encode(List<DateTimeOffset> failures)
    {
        var value = new byte[failures.Count * sizeof(long)];
        for (var i = 0; i < failures.Count; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(value.AsSpan(i * sizeof(long)), failures[i].ToUnixTimeMilliseconds());
        }

        return value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The login throttle could not {Operation} the shared cache; the login is allowed")]
    private static partial void LogCacheFailed(ILogger logger, string operation, Exception exception);
}
