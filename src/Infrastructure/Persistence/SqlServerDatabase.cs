using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// What SQL Server needs before the migrations run. A new database gets row versioning for READ COMMITTED
/// (<c>READ_COMMITTED_SNAPSHOT</c>, off by default outside Azure SQL), so catalogue reads see the last
/// committed row instead of waiting behind a checkout's row locks. See docs/decisions/023-sql-server-isolation-keys-and-collations.md.
/// </summary>
public static class SqlServerDatabase
{
    /// <summary>No other session uses a database that was just created, so this takes effect at once.</summary>
    public const string ReadCommittedSnapshotOn = "ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE;";

    public const string IsReadCommittedSnapshotOn =
        "SELECT CAST(is_read_committed_snapshot_on AS bit) AS [Value] FROM sys.databases WHERE name = DB_NAME()";

    /// <summary>Creates the database when it does not exist yet, with row versioning on; true when it did that.</summary>
    public static async Task<bool> CreateIfMissingAsync(DbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
        {
            return false;
        }

        try
        {
            await creator.CreateAsync(ct);
        }
        catch (SqlException e) when (e.Number == 1801)
        {
            return false; // another instance created it a moment ago (and turns row versioning on)
        }

        await TurnOnRowVersioningAsync(db, ct);
        return true;
    }

    public static Task TurnOnRowVersioningAsync(DbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(ReadCommittedSnapshotOn, ct);

    public static async Task<bool> HasRowVersioningAsync(DbContext db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<bool>(IsReadCommittedSnapshotOn).SingleOrDefaultAsync(ct);
}
