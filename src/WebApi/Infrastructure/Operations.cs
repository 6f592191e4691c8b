using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Shop.Infrastructure.Redis;
using Shop.Infrastructure.Telemetry;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// What running several instances behind a proxy needs from the web layer: client addresses from the
/// proxy's <c>X-Forwarded-For</c> (only from trusted proxies), readiness that includes Redis when it is
/// configured, and the metrics endpoint.
/// </summary>
public static class Operations
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        // Trusted proxies: loopback always (the framework's default), plus ForwardedHeaders:KnownNetworks
        // (CIDR, e.g. the compose network) and ForwardedHeaders:KnownProxies (single addresses).
        var section = configuration.GetSection("ForwardedHeaders");
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        foreach (var network in networks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks has '{network}', which is not a CIDR network such as 172.28.0.0/16.");
            }
        }

        foreach (var proxy in proxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                throw new InvalidOperationException($"ForwardedHeaders:KnownProxies has '{proxy}', which is not an IP address.");
            }
        }

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = section.GetValue<int?>("ForwardLimit") ?? 1;
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        // Redis down is Degraded, which answers 200: the instance still serves correctly (revocations
        // arrive by polling), and taking every instance out of the load balancer would be an outage.
        if (RedisOptions.IsConfigured(configuration))
        {
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(5));
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("shop-api"))
            .WithMetrics(metrics => metrics
                .AddMeter(ShopMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteHealthAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(new MetricsEndpoint());
        return app;
    }

    /// <summary>Marks the scraping endpoint, whatever path (case, trailing slash) reached it.</summary>
    private sealed class MetricsEndpoint;

    /// <summary>
    /// <c>/metrics</c> is never served to anonymous callers: only with <c>Authorization: Bearer
    /// {Metrics:ScrapeToken}</c> (401 otherwise), and not at all (404) while no token is configured. The check
    /// is on the endpoint, so <c>/METRICS</c> or <c>/metrics/</c> meet it too.
    /// </summary>
    public static WebApplication UseMetricsGuard(this WebApplication app)
    {
        var token = app.Configuration["Metrics:ScrapeToken"];
        var expected = string.IsNullOrEmpty(token) ? null : System.Text.Encoding.UTF8.GetBytes("Bearer " + token);
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<MetricsEndpoint>() is null)
            {
                return next(context);
            }

            if (expected is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            var given = System.Text.Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }

    /// <summary><c>{"status":"degraded","checks":{"database":{"status":"healthy"},"redis":{"status":"degraded","description":"…"}}}</c></summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        if (report.Entries.Count == 0)
        {
            // /health/live runs no check: its answer is one of three constant bodies, serialised once.
            return context.Response.Body.WriteAsync(EmptyReports[report.Status]).AsTask();
        }

        var body = new
        {
            status = Name(report.Status),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = Name(e.Value.Status), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, HealthJson));
    }

    private static readonly JsonSerializerOptions HealthJson = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The answer of a report without checks, for each status, as <see cref="WriteHealthAsync"/> would write it.</summary>
    private static readonly Dictionary<HealthStatus, byte[]> EmptyReports = Enum.GetValues<HealthStatus>().ToDictionary(
        status => status,
        status => JsonSerializer.SerializeToUtf8Bytes(new { status = Name(status), checks = new Dictionary<string, object>() }, HealthJson));

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
