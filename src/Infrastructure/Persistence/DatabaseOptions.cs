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
    /// Retry a command that failed transiently (SQL Server and PostgreSQL). Off by default: with it on, EF Core
    /// refuses a transaction begun outside the execution strategy, and the use cases still begin theirs
    /// themselves. Turn it on once every transaction runs inside the execution strategy.
    /// </summary>
    public bool EnableRetryOnFailure { get; set; }

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
