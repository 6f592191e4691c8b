using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// Every SQLite connection in write-ahead-log mode with <c>synchronous=NORMAL</c>: readers never wait for the
/// writer nor the writer for readers, and a commit appends to the log without waiting for the disk (a
/// committed transaction can be lost only with the machine's power, never corrupt the file). Writers of
/// this process still take turns at <see cref="SqliteWriteGate"/>. WAL is a property of the file, so
/// setting it again on a pooled connection costs nothing; <c>synchronous</c> is per connection.
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    public static readonly SqliteConnectionSettings Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
