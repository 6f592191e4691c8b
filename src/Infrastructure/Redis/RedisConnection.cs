using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Shop.Infrastructure.Redis;

/// <summary>
/// The instance's one connection to Redis, made on first use and never awaited at start-up, so the API
/// starts and serves while Redis is down. The multiplexer reconnects by itself (AbortOnConnectFail off) and
/// restores its subscriptions; commands fail fast while it is disconnected instead of queueing.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly RedisOptions _options;
    private readonly ILogger<RedisConnection> _logger;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        _options = options.Value;
        _logger = logger;
        _connection = new Lazy<Task<IConnectionMultiplexer>>(ConnectAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Tells this instance's own messages apart from the others'.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>The multiplexer; the first call starts connecting and completes within the connect timeout.</summary>
    public Task<IConnectionMultiplexer> GetAsync() => _connection.Value;

    /// <summary>The multiplexer if the first connection attempt has finished, without waiting; else null.</summary>
    public IConnectionMultiplexer? Current
    {
        get
        {
            var task = _connection.Value; // starts connecting if nothing has yet
            return task.IsCompletedSuccessfully ? task.Result : null;
        }
    }

    public bool IsConnected => Current?.IsConnected == true;

    private static readonly TimeSpan SubscribeRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Subscribes <paramref name="onMessage"/> to <paramref name="channel"/> once Redis answers, retrying
    /// while it does not; after that the multiplexer re-subscribes by itself whenever the connection comes
    /// back. Returns when subscribed.
    /// </summary>
    public async Task SubscribeAsync(RedisChannel channel, Action<RedisValue> onMessage, CancellationToken ct)
    {
        var subscriber = (await GetAsync().WaitAsync(ct)).GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, message) => onMessage(message);
        while (true)
        {
            try
            {
                await subscriber.SubscribeAsync(channel, handler);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The handler is registered before the server answers, so a subscription that timed out may
                // still be live: take it off first, or every message would be handled once per retry.
                try
                {
                    await subscriber.UnsubscribeAsync(channel, handler);
                }
                catch (Exception again) when (again is RedisException or TimeoutException)
                {
                    // Gone locally; the server forgets the channel with the connection.
                }

                await Task.Delay(SubscribeRetryDelay, ct);
            }
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var config = ConfigurationOptions.Parse(_options.Configuration ?? throw new InvalidOperationException("Redis:Configuration is not set."));
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.ClientName ??= "shop-api";

        var multiplexer = await ConnectionMultiplexer.ConnectAsync(config);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                LogConnectionFailed(_logger, e.EndPoint?.ToString(), e.FailureType.ToString());
            }
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                LogConnectionRestored(_logger, e.EndPoint?.ToString());
            }
        };

        if (!multiplexer.IsConnected)
        {
            LogUnreachableAtStart(_logger);
        }

        return multiplexer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable; revocations reach the other instances by polling the database until it returns")]
    private static partial void LogUnreachableAtStart(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection to Redis at {EndPoint} ({FailureType}); revocations reach the other instances by polling the database until it returns")]
    private static partial void LogConnectionFailed(ILogger logger, string? endPoint, string failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection to Redis at {EndPoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string? endPoint);
}
