namespace Shop.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>The <c>Database</c> section; the connection string is <c>ConnectionStrings:Shop</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Shop";
    public const string DefaultSqliteConnectionString = "Data Source=shop.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Retry a command or unit of work that failed transiently (SQL Server and PostgreSQL; SQLite has nothing to
    /// retry): up to <see cref="ShopDbContextOptions.MaxRetryCount"/> times, at most
    /// <see cref="ShopDbContextOptions.MaxRetryDelay"/> apart. Every transaction runs inside the execution
    /// strategy (the unit of work), which this needs.
    /// </summary>
    public bool EnableRetryOnFailure { get; set; } = true;

    /// <summary>
    /// Set into the connection string when given, so the password can come from a secret file
    /// (<c>/run/secrets/Database__Password</c>) while the rest of the connection string stays in plain configuration.
    /// </summary>
    public string? Password { get; set; }

    public string WithPassword(string connectionString)
    {
        if (string.IsNullOrEmpty(Password))
        {
            return connectionString;
        }

        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        builder["Password"] = Password;
        return builder.ConnectionString;
    }
}
