namespace Shop.WebApi.Infrastructure;

/// <summary>
/// Headers on every answer, errors included: <c>X-Content-Type-Options: nosniff</c>, and
/// <c>Cache-Control: no-store</c> on the routes that answer with personal data (the caller's account,
/// sessions, cart and orders, and everything under /admin), so no shared or browser cache keeps them.
/// </summary>
public static class SecurityHeaders
{
    private static readonly string[] PersonalPrefixes =
    [
        "/api/v1/auth", "/api/v1/cart", "/api/v1/orders", "/api/v1/admin",
    ];

    public static bool IsPersonal(PathString path) =>
        PersonalPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (IsPersonal(context.Request.Path))
            {
                headers.CacheControl = "no-store";
            }

            headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    });
}
