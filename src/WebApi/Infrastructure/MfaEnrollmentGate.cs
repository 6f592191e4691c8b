using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// <c>Auth:RequireMfaForRoles</c>: a caller whose role is listed and who has no second factor gets 403 with
/// <c>"mfa_enrollment_required": true</c> on every <c>/api/v1/admin/**</c> route. It runs after
/// authorization, so only callers the route would otherwise serve cost one indexed read of their row; the
/// answer follows the database at once (enabling a factor opens the routes without a new login).
/// </summary>
public static class MfaEnrollmentGate
{
    public const string AdminPath = "/api/v1/admin";

    /// <summary>Only a listed role's request to an admin route goes on to the database: every other request passes
    /// straight through, without an async frame of its own. The roles are read once, at start-up.</summary>
    public static IApplicationBuilder UseMfaEnrollmentGate(this IApplicationBuilder app)
    {
        var mfaRoles = app.ApplicationServices.GetRequiredService<IOptions<AccountOptions>>().Value.MfaRoles;
        return app.Use((context, next) =>
            context.Request.Path.StartsWithSegments(AdminPath, StringComparison.OrdinalIgnoreCase)
            && context.User.Identity?.IsAuthenticated == true
            && context.User.FindFirst("role")?.Value is { } role
            && mfaRoles.Contains(role)
            && Guid.TryParse(context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var userId)
                ? GateAsync(context, next, role, userId)
                : next(context));
    }

    private static async Task GateAsync(HttpContext context, RequestDelegate next, string role, Guid userId)
    {
        var db = context.RequestServices.GetRequiredService<IShopDbContext>();
        var enrolled = await db.Users.AsNoTracking()
            .AnyAsync(u => u.Id == userId && u.TotpEnabledAt != null, context.RequestAborted);
        if (!enrolled)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"The {role} role needs a second factor: enable one at POST /api/v1/auth/mfa/totp/setup, then /enable.",
            };
            problem.Extensions["mfa_enrollment_required"] = true;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = problem,
            });
            return;
        }

        await next(context);
    }
}
