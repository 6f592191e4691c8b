using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Options;

namespace Shop.WebApi.Infrastructure;

/// <summary>The <c>RateLimit</c> section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Requests per minute per client IP on <c>/api/v1/auth/*</c> before 429.</summary>
    public int AuthPerIpPerMinute { get; set; } = 60;
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options) =>
        new OptionErrors(RateLimitOptions.Section)
            .Range(nameof(RateLimitOptions.AuthPerIpPerMinute), options.AuthPerIpPerMinute, 1, 1_000_000, "requests")
            .Result();
}

/// <summary>
/// ASP.NET Core's rate limiter on the auth routes, per client IP, fixed one-minute windows. A refusal is
/// 429 with <c>Retry-After</c> and problem details (not the middleware's default 503). Counted per
/// instance; the per-email failed-login limit is the one shared by every instance. The limiter runs only on
/// the auth routes: every other request passes it by without taking its partitions' lock.
/// </summary>
public static class RateLimiting
{
    public const string AuthPath = "/api/v1/auth";

    public static bool IsAuthPath(PathString path) => path.StartsWithSegments(AuthPath, StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddAuthRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                return Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    "Too many requests to the auth routes from this address; try again later.", retryAfter);
            };
        });

        // The limit is read once, when the limiter is built; a client address's window is made when it first comes.
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var limit = limits.Value.AuthPerIpPerMinute;
            Func<string, RateLimiter> perIp = _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsAuthPath(context.Request.Path)
                    ? RateLimitPartition.Get(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", perIp)
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    /// <summary>The limiter, on the auth routes only: any other path would get its no-limit partition anyway, after
    /// a lock shared by every request.</summary>
    public static IApplicationBuilder UseAuthRateLimiter(this IApplicationBuilder app) =>
        app.UseWhen(context => IsAuthPath(context.Request.Path), auth => auth.UseRateLimiter());
}
