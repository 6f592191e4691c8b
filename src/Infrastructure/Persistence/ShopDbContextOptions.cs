using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Shop.Infrastructure.Persistence;

/// <summary>One place that knows how each provider is configured, and where its migrations live.</summary>
public static class ShopDbContextOptions
{
    /// <summary>
    /// A short retry policy: a dropped connection or a failover is ridden out in about a second, while an outage
    /// still answers 503 within a few seconds instead of holding the request for EF Core's default half minute.
    /// </summary>
    public const int MaxRetryCount = 3;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    public static DbContextOptionsBuilder Configure(
        DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString, bool retryOnFailure = false) =>
        provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(MigrationsAssembly(provider)))
                .AddInterceptors(SqliteConnectionSettings.Instance),
            DatabaseProvider.Postgres => builder.UseNpgsql(connectionString, o =>
            {
                o.MigrationsAssembly(MigrationsAssembly(provider));
                if (retryOnFailure)
                {
                    o.EnableRetryOnFailure(MaxRetryCount, MaxRetryDelay, errorCodesToAdd: null);
                }
            }),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o =>
            {
                o.MigrationsAssembly(MigrationsAssembly(provider));
                if (retryOnFailure)
                {
                    o.EnableRetryOnFailure(MaxRetryCount, MaxRetryDelay, errorNumbersToAdd: null);
                }
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };

    public static DbContextOptions<ShopDbContext> Build(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<ShopDbContext>();
        Configure(builder, provider, connectionString);
        return builder.Options;
    }

    public static string MigrationsAssembly(DatabaseProvider provider) => $"Shop.Infrastructure.Migrations.{provider}";

    /// <summary>A relative SQLite file is placed under <paramref name="baseDirectory"/>, not wherever the process happens to start.</summary>
    public static string ResolveSqlitePath(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource)
            && builder.DataSource != ":memory:"
            && builder.Mode != SqliteOpenMode.Memory
            && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(baseDirectory, builder.DataSource);
        }

        // Waiting writers retry instead of failing at once with "database is locked".
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }
}
