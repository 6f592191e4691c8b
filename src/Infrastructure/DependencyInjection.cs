using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Infrastructure.Persistence;
using Shop.Infrastructure.Revocations;
using Shop.Infrastructure.Security;

namespace Shop.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<JwtOptions>().Bind(configuration.GetSection(JwtOptions.Section));
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddOptions<RevocationOptions>().Bind(configuration.GetSection(RevocationOptions.Section));
        services.AddSingleton(TimeProvider.System);

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (database.Provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    $"Database:Provider is {database.Provider} but 'ConnectionStrings:Shop' (ConnectionStrings__Shop) is not set.");
            }

            connectionString = DatabaseOptions.DefaultSqliteConnectionString;
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            connectionString = ShopDbContextOptions.ResolveSqlitePath(connectionString, environment.ContentRootPath);
        }

        services.AddDbContextPool<ShopDbContext>(o => ShopDbContextOptions.Configure(o, database.Provider, connectionString));
        services.AddScoped<IShopDbContext>(sp => sp.GetRequiredService<ShopDbContext>());

        services.AddSingleton<SigningKeys>();
        services.AddSingleton<Application.Common.Interfaces.IPasswordHasher, IdentityPasswordHasher>();
        services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();
        services.AddSingleton<IRefreshTokenFactory, RefreshTokenFactory>();

        services.AddSingleton<RevocationCache>();
        services.AddSingleton<IAccessTokenRevocationCheck>(sp => sp.GetRequiredService<RevocationCache>());
        services.AddSingleton<IRevocationPublisher, LocalRevocationPublisher>();

        // Security operations: the common-password list, the shared failed-login counter (IDistributedCache:
        // in memory here; backed by Redis when Redis:Configuration is set) and the leaked-token reader.
        services.AddSingleton<ICommonPasswords, CommonPasswords>();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection(LoginThrottleOptions.Section));
        services.AddDistributedMemoryCache();
        services.AddSingleton<ILoginThrottle, DistributedLoginThrottle>();
        services.AddSingleton<IAccessTokenInspector, AccessTokenInspector>();

        // Order matters: the schema exists before revocations are loaded, and both before requests are served.
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<RevocationSync>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationSync>());
        return services;
    }
}
