using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// What PostgreSQL needs before the migrations run, on a first start: the database and the migrations' history
/// table. The migrations would make both, but they first read the missing table and log that as an error
/// (dotnet/efcore#37328), so a first start would look like a failure.
/// </summary>
public static class PostgresDatabase
{
    public static async Task PrepareAsync(DbContext db, CancellationToken ct)
    {
        await CreateIfMissingAsync(db, ct);
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
    }

    /// <summary>Creates the database when it does not exist yet; true when it did that.</summary>
    public static async Task<bool> CreateIfMissingAsync(DbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct)) // connects expecting that it may fail: nothing is logged as an error
        {
            return false;
        }

        try
        {
            await creator.CreateAsync(ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return false; // another instance created it a moment ago
        }
    }
}
