using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shop.Infrastructure.Redis;
using Shop.Infrastructure.Security;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>The failed-login counter on its own: over a cache shared by two instances, and over a cache that fails.</summary>
public sealed class LoginThrottleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private DistributedLoginThrottle Throttle(IDistributedCache cache, string prefix = "test:") =>
        new(cache, Options.Create(new LoginThrottleOptions { KeyPrefix = prefix }), _time, NullLogger<DistributedLoginThrottle>.Instance);

    [Fact]
    public async Task FailuresCountAcrossInstancesSharingTheCache_AndKeysCarryThePrefixButNotTheEmail()
    {
        var cache = new RecordingCache();
        var first = Throttle(cache, "shop-a:");
        var second = Throttle(cache, "shop-a:");
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await (i % 2 == 0 ? first : second).TryReserveAsync("ann@shop.test", Ct));
        }

        var retryAfter = await second.TryReserveAsync("ann@shop.test", Ct);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(15) - TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(15));
        Assert.NotEmpty(cache.Keys);
        Assert.Null(await first.TryReserveAsync("bob@shop.test", Ct));
        Assert.All(cache.Keys, key => Assert.StartsWith("shop-a:", key, StringComparison.Ordinal));
        Assert.All(cache.Keys, key => Assert.DoesNotContain("ann", key, StringComparison.OrdinalIgnoreCase));

        await first.ResetAsync("ann@shop.test", Ct);
        Assert.Null(await second.TryReserveAsync("ann@shop.test", Ct));
    }

    [Fact]
    public async Task FortyParallelAttempts_ReserveExactlyFive()
    {
        var throttle = Throttle(new RecordingCache());
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => throttle.TryReserveAsync("eve@shop.test", Ct), Ct)));
        Assert.Equal(5, results.Count(r => r is null));
    }

    [Fact]
    public async Task FortyParallelAttempts_OverTwoInstancesSharingRedis_ReserveExactlyFive()
    {
        var (server, skip) = await RedisServer.AcquireAsync(mustBeStoppable: false);
        Assert.SkipWhen(server is null, skip ?? "");
        await using var _ = server!;
        var redisOptions = Options.Create(new RedisOptions { Configuration = server!.Configuration, InstanceName = $"test-{Guid.NewGuid():N}:" });
        await using var redisA = new RedisConnection(redisOptions, NullLogger<RedisConnection>.Instance);
        await using var redisB = new RedisConnection(redisOptions, NullLogger<RedisConnection>.Instance);
        await redisA.GetAsync();
        await redisB.GetAsync();
        DistributedLoginThrottle Instance(RedisConnection redis) => new(
            new FailingCache(), // must not be used while Redis answers
            Options.Create(new LoginThrottleOptions()), _time, NullLogger<DistributedLoginThrottle>.Instance, redis, redisOptions);
        var a = Instance(redisA);
        var b = Instance(redisB);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).TryReserveAsync("eve@shop.test", Ct), Ct)));

        Assert.Equal(5, results.Count(r => r is null));
        Assert.All(results.Where(r => r is not null), r => Assert.InRange(r!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15)));
        await a.ResetAsync("eve@shop.test", Ct);
        Assert.Null(await b.TryReserveAsync("eve@shop.test", Ct));
    }

    [Fact]
    public async Task ACacheThatThrows_IsLoggedAndTheLoginAllowed()
    {
        var throttle = Throttle(new FailingCache());
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(await throttle.TryReserveAsync("ann@shop.test", Ct));
        }

        await throttle.ResetAsync("ann@shop.test", Ct);
    }

    [Fact]
    public void TheCommonPasswordList_HoldsTenThousandPasswords_ComparedWithoutCase()
    {
        var list = new CommonPasswords();
        Assert.Equal(10_000, CommonPasswords.Count);
        Assert.True(list.IsCommon("password"));
        Assert.True(list.IsCommon("PassWord"));
        Assert.False(list.IsCommon("correct horse battery staple"));
        Assert.False(list.IsCommon("# The 10,000 most common passwords")); // the header line is no password
    }

    /// <summary>A memory cache that remembers the keys written to it.</summary>
    private sealed class RecordingCache : IDistributedCache
    {
        private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));

        public List<string> Keys { get; } = [];

        public byte[]? Get(string key) => _inner.Get(key);
        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => _inner.GetAsync(key, token);
        public void Refresh(string key) => _inner.Refresh(key);
        public Task RefreshAsync(string key, CancellationToken token = default) => _inner.RefreshAsync(key, token);
        public void Remove(string key) => _inner.Remove(key);
        public Task RemoveAsync(string key, CancellationToken token = default) => _inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
        {
            Keys.Add(key);
            _inner.Set(key, value, options);
        }

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Keys.Add(key);
            return _inner.SetAsync(key, value, options, token);
        }
    }

    private sealed class FailingCache : IDistributedCache
    {
        public byte[]? Get(string key) => throw new InvalidOperationException("cache down");
        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => throw new InvalidOperationException("cache down");
        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new InvalidOperationException("cache down");
        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => throw new InvalidOperationException("cache down");
        public void Refresh(string key) => throw new InvalidOperationException("cache down");
        public Task RefreshAsync(string key, CancellationToken token = default) => throw new InvalidOperationException("cache down");
        public void Remove(string key) => throw new InvalidOperationException("cache down");
        public Task RemoveAsync(string key, CancellationToken token = default) => throw new InvalidOperationException("cache down");
    }
}
