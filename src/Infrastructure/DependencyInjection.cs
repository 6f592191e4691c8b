using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Cleanup;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Persistence;
using Shop.Infrastructure.Redis;
using Shop.Infrastructure.Revocations;
using Shop.Infrastructure.Security;
using Shop.Infrastructure.Telemetry;

namespace Shop.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Every section is checked at start: a bad value stops the API with a line naming the key.
        services.AddOptions<JwtOptions>().Bind(configuration.GetSection(JwtOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SeedOptions>, SeedOptionsValidator>();
        services.AddOptions<RevocationOptions>().Bind(configuration.GetSection(RevocationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RevocationOptions>, RevocationOptionsValidator>();
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

        connectionString = database.WithPassword(connectionString);
        services.AddDbContextPool<ShopDbContext>((sp, o) =>
        {
            ShopDbContextOptions.Configure(o, database.Provider, connectionString, database.EnableRetryOnFailure)
                .AddInterceptors(sp.GetRequiredService<AfterCommitEffects>());
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                o.AddInterceptors(sp.GetRequiredService<SqliteWriteGate>()); // every write of this process in turn
            }
        });
        services.AddSingleton<AfterCommitEffects>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<CatalogListingCache>();
        services.AddScoped<ICatalogQueries, CatalogQueries>();
        services.AddScoped<IAccountQueries, AccountQueries>();
        services.AddScoped<ICartQueries, CartQueries>();
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<IRefreshTokenRotation, RefreshTokenRotation>();
        services.AddSingleton<ICatalogChangeAnnouncer, NoCatalogChangeAnnouncer>();
        services.AddSingleton<ICatalogPageCache, NoCatalogPageCache>(); // the web host replaces it with its output cache
        services.AddScoped<ICatalogChangeNotes, CatalogChangeNotes>();
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>();
        services.AddScoped<IShopDbContext>(sp => sp.GetRequiredService<ShopDbContext>());
        services.AddSingleton<IDatabaseErrors, DatabaseErrorClassifier>();
        services.AddSingleton<IIdGenerator>(new TimeOrderedIdGenerator(database.Provider));

        services.AddSingleton<SigningKeys>();
        services.AddSingleton<Application.Common.Interfaces.IPasswordHashing, IdentityPasswordHasher>();
        services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();
        services.AddSingleton<IRefreshTokenFactory, RefreshTokenFactory>();

        services.AddSingleton<RevocationCache>();
        services.AddSingleton<IAccessTokenRevocationCheck>(sp => sp.GetRequiredService<RevocationCache>());
        services.AddSingleton<IRevocationPublisher, LocalRevocationPublisher>();

        services.AddScoped<IDataSeeder, SampleCatalogSeeder>();

        // Security operations: the common-password list, the shared failed-login counter (over the
        // IDistributedCache registered by AddRedis below) and the leaked-token reader.
        services.AddSingleton<ICommonPasswords, CommonPasswords>();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection(LoginThrottleOptions.Section));
        services.AddSingleton<ILoginThrottle>(sp => new DistributedLoginThrottle(
            sp.GetRequiredService<IDistributedCache>(),
            sp.GetRequiredService<IOptions<LoginThrottleOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DistributedLoginThrottle>>(),
            sp.GetService<RedisConnection>(), // with Redis: reservations are atomic across instances
            sp.GetService<IOptions<RedisOptions>>()));
        services.AddSingleton<IAccessTokenInspector, AccessTokenInspector>();

        // Account emails: written to the outbox with the change that causes them, delivered by the
        // dispatcher on every instance, by SMTP or (without Email:Smtp:Host) into the pickup folder.
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection(AccountOptions.Section));
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section));
        services.AddSingleton<ITotp, OtpNetTotp>();
        if (string.IsNullOrWhiteSpace(configuration[$"{EmailOptions.Section}:Smtp:Host"]))
        {
            services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }

        // Order matters: the schema exists before revocations are loaded, and both before requests are served.
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<RevocationSync>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationSync>());
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        services.AddScaleOut(configuration);
        return services;
    }

    /// <summary>
    /// What several instances behind a load balancer need: the auth metrics, the cleanup job, and, when
    /// <c>Redis:Configuration</c> is set, revocations over Redis pub/sub and the distributed cache in Redis
    /// (this instance's memory otherwise). Polling the database keeps running either way.
    /// </summary>
    private static IServiceCollection AddScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ShopMetrics>();
        services.AddSingleton<IAuthMetrics>(sp => sp.GetRequiredService<ShopMetrics>());

        services.AddOptions<CleanupOptions>().Bind(configuration.GetSection(CleanupOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CleanupOptions>, CleanupOptionsValidator>();
        services.AddScoped<ICleanupStep, ExpiredRefreshTokensStep>();
        services.AddScoped<ICleanupStep, EndedSessionsStep>();
        services.AddScoped<ICleanupStep, OldRevocationsStep>();
        services.AddScoped<ICleanupStep, OldIdempotencyKeysStep>();
        services.AddScoped<ICleanupStep, ExpiredAccountTokensStep>();
        services.AddScoped<ICleanupStep, OldOutboxEmailsStep>();
        services.AddSingleton<CleanupJob>();
        services.AddHostedService(sp => sp.GetRequiredService<CleanupJob>());

        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        if (!RedisOptions.IsConfigured(configuration))
        {
            services.AddDistributedMemoryCache();
            return services;
        }

        services.AddSingleton<RedisConnection>();
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<RedisConnection, IOptions<RedisOptions>>((cache, redis, redisOptions) =>
        {
            cache.InstanceName = redisOptions.Value.InstanceName;
            cache.ConnectionMultiplexerFactory = redis.GetAsync; // one connection per instance, shared
        });
        services.AddDistributedMemoryCache();
        services.Replace(ServiceDescriptor.Singleton<IDistributedCache>(sp => new FallbackDistributedCache(
            new RedisCache(sp.GetRequiredService<IOptions<RedisCacheOptions>>()),
            new MemoryDistributedCache(sp.GetRequiredService<IOptions<MemoryDistributedCacheOptions>>()),
            sp.GetRequiredService<RedisConnection>(),
            sp.GetRequiredService<ILogger<FallbackDistributedCache>>())));

        services.TryAddSingleton<LocalRevocationPublisher>();
        services.Replace(ServiceDescriptor.Singleton<IRevocationPublisher, RedisRevocationPublisher>());
        services.AddSingleton<RedisRevocationSubscriber>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisRevocationSubscriber>());
        services.AddSingleton<RedisCatalogChanges>();
        services.Replace(ServiceDescriptor.Singleton<ICatalogChangeAnnouncer>(sp => sp.GetRequiredService<RedisCatalogChanges>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisCatalogChanges>());
        return services;
    }
}
