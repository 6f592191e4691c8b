using Shop.Domain.Users;

namespace Shop.WebApi.Infrastructure;

/// <summary>Authorization policies by role, read from the access token's <c>role</c> claim.</summary>
public static class Policies
{
    /// <summary>The admin panel: products, orders, users.</summary>
    public const string Admin = "admin";

    /// <summary>Security operations: sessions, revocation, lockout, audit (admin or ops).</summary>
    public const string Security = "security";

    public static IServiceCollection AddShopAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            .AddPolicy(Security, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Ops));
        return services;
    }
}
