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
}
