using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shop.Infrastructure.Redis;

/// <summary>
/// Healthy when Redis answers and this instance listens for revocations. Otherwise Degraded (registered
/// with that failure status), never Unhealthy: without Redis the API still serves correctly, revocations
/// from other instances arrive by polling the database, at most one poll interval late.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis, RedisRevocationSubscriber subscriber) : IHealthCheck
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var multiplexer = redis.Current;
        if (multiplexer is null)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Connecting to Redis.");
        }

        if (!multiplexer.IsConnected)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                "Redis is unreachable: revocations reach this instance by polling the database.");
        }

        try
        {
            await multiplexer.GetDatabase().PingAsync().WaitAsync(PingTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer a ping.");
        }

        return subscriber.IsListening
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "Not yet subscribed to the revocation channel.");
    }
}
