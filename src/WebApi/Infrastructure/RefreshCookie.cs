using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// Browser clients keep the refresh token in the <c>shop_refresh</c> cookie instead of script-readable storage:
/// <c>HttpOnly</c>, <c>Secure</c> (except plain-HTTP requests in Development), <c>SameSite=Strict</c>,
/// <c>Path=/api/v1/auth</c>, expiring with the session. <c>?use_cookie=true</c> on login, login/mfa and refresh
/// selects it; the JSON body mode stays for every other client.
/// </summary>
public static class RefreshCookie
{
    public const string Name = "shop_refresh";
    public const string Path = "/api/v1/auth";
    public const string QueryParameter = "use_cookie";

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static void Set(HttpContext context, string refreshToken, DateTimeOffset expires) =>
        context.Response.Cookies.Append(Name, refreshToken, Options(context, expires));

    /// <summary>An expired, empty cookie with the same attributes: the browser drops the one it holds.</summary>
    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Append(Name, "", Options(context, DateTimeOffset.UnixEpoch));

    /// <summary>Whether the request asked for cookie mode (<c>?use_cookie=true</c>).</summary>
    public static bool Requested(HttpRequest request) =>
        bool.TryParse(request.Query[QueryParameter].ToString(), out var value) && value;

    private static CookieOptions Options(HttpContext context, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps || !context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment(),
        SameSite = SameSiteMode.Strict,
        Path = Path,
        Expires = expires,
        IsEssential = true,
    };
}

/// <summary>
/// The origins a browser may call the API from with credentials: <c>Cors:AllowedOrigins</c> (in Development
/// without it, <c>http://localhost:5173</c>) and the storefront's own public address (<c>App:PublicBaseUrl</c>).
/// </summary>
public sealed class BrowserOrigins
{
    public BrowserOrigins(IConfiguration configuration, IHostEnvironment environment)
    {
        Cors = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()
            ?? (environment.IsDevelopment() ? ["http://localhost:5173"] : []);
        var own = configuration["App:PublicBaseUrl"];
        Trusted = Cors
            .Concat(Uri.TryCreate(own, UriKind.Absolute, out var uri) ? [uri.GetLeftPart(UriPartial.Authority)] : [])
            .Select(o => o.TrimEnd('/'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The CORS policy's origins.</summary>
    public IReadOnlyList<string> Cors { get; }

    private HashSet<string> Trusted { get; }

    /// <summary>The request's own origin (scheme and host as the API sees them), or a configured one.</summary>
    public bool IsTrusted(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase) || Trusted.Contains(origin);
}

/// <summary>
/// CSRF defence of the cookie-mode routes (refresh, logout). A request in cookie mode (<c>?use_cookie=true</c>, or
/// carrying the <c>shop_refresh</c> cookie) answers 403 and changes nothing when its <c>Origin</c> is neither the
/// API's own origin nor a trusted one (<see cref="BrowserOrigins"/>), or when it has no <c>Origin</c> and no
/// <c>X-Requested-With</c> header (a header no cross-site form or link can add). It runs before the body is read.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CookieCsrfGuardAttribute : Attribute, IResourceFilter
{
    public const string RequestedWithHeader = "X-Requested-With";

    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var request = context.HttpContext.Request;
        if (!RefreshCookie.Requested(request) && !request.Cookies.ContainsKey(RefreshCookie.Name))
        {
            return;
        }

        var origins = request.Headers.Origin;
        string? refusal = origins.Count switch
        {
            0 when !request.Headers.ContainsKey(RequestedWithHeader) =>
                $"A request that uses the {RefreshCookie.Name} cookie needs an Origin header or the {RequestedWithHeader} header.",
            0 => null,
            1 when context.HttpContext.RequestServices.GetRequiredService<BrowserOrigins>().IsTrusted(request, origins[0]!) => null,
            _ => $"A request that uses the {RefreshCookie.Name} cookie must come from the shop's own pages or an allowed origin.",
        };
        if (refusal is not null)
        {
            context.Result = new ProblemResult(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Detail = refusal });
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
