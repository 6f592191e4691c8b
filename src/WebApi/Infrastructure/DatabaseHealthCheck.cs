using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shop.Infrastructure.Persistence;

namespace Shop.WebApi.Infrastructure;

/// <summary>Ready means the database answers a query.</summary>
public sealed class DatabaseHealthCheck(ShopDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database is unreachable.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database is unreachable.");
        }
    }
}
