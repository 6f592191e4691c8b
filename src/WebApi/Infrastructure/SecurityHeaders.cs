namespace Shop.WebApi.Infrastructure;

/// <summary>
/// Headers on every answer, errors included: <c>X-Content-Type-Options: nosniff</c>, and
/// <c>Cache-Control: no-store</c> on the routes that answer with personal data (the caller's account,
/// sessions, cart and orders, and everything under /admin), so no shared or browser cache keeps them.
/// The web pages and their assets (every path outside the API's own, see <see cref="WebPages.IsPagePath"/>) also get
/// a strict Content-Security-Policy (own origin only, no inline script or style), no framing, no Referer at all (reset
/// and confirmation tokens travel in the page's URL), a same-origin opener and no powerful browser features.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), " +
        "microphone=(), midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()";

    private static readonly string[] PersonalPrefixes =
    [
        "/api/v1/auth", "/api/v1/cart", "/api/v1/orders", "/api/v1/admin",
    ];

    public static bool IsPersonal(PathString path)
    {
        foreach (var prefix in PersonalPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One callback for every response, the context passed as its state: nothing is allocated per request
    /// beyond the framework's own registration.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(SetHeaders, context);
        return next(context);
    });

    private static readonly Func<object, Task> SetHeaders = static state =>
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (IsPersonal(context.Request.Path))
        {
            headers.CacheControl = "no-store";
        }
        else if (WebPages.IsPagePath(context.Request.Path))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
        }

        headers.Remove("Server");
        return Task.CompletedTask;
    };
}
