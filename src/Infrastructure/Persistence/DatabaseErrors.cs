using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// What a database failure means for the client, per provider: the database cannot be reached or used
/// right now (503, retry), the request's value cannot be stored (400), or a constraint refused the row.
/// Anything else is a defect and stays a 500.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>SQL Server errors that say the server cannot do any work right now, whatever the request.</summary>
    private static readonly HashSet<int> SqlServerUnavailable =
    [
        -2,    // client timeout
        53,    // server not found or not reachable
        233,   // no process on the other end of the pipe
        701,   // not enough system memory
        1105,  // filegroup full
        1205,  // chosen as deadlock victim
        4060,  // cannot open the database
        8645,  // timed out waiting for memory to run a query
        9002,  // transaction log full
        40501, 40613, 49918, 49919, 49920, // Azure SQL: busy, database unavailable, too many operations
    ];

    public static DatabaseFailure Classify(Exception exception) =>
        IsDuplicateKey(exception) ? DatabaseFailure.DuplicateKey
        : IsConstraintViolation(exception) ? DatabaseFailure.ConstraintViolation
        : IsUnstorableValue(exception) ? DatabaseFailure.UnstorableValue
        : IsUnavailable(exception) ? DatabaseFailure.Unavailable
        : DatabaseFailure.None;

    public static bool IsUnavailable(Exception exception) => Any(exception, e => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal)                   // insufficient resources
            || pg.SqlState.StartsWith("57", StringComparison.Ordinal)                   // operator intervention, shutdown
            || pg.SqlState is "3D000" /* database does not exist */ or "55000" /* not accepting connections */
            || pg.IsTransient,
        NpgsqlException => true, // no server answer at all: refused, reset, timed out, pool exhausted
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 /* BUSY */ or 6 /* LOCKED */ or 10 /* IOERR */
            or 13 /* FULL */ or 14 /* CANTOPEN */ or 26 /* NOTADB */,
        SqlException sql => sql.IsTransient || sql.Class >= 20 || SqlServerUnavailable.Contains(sql.Number),
        DbException { IsTransient: true } => true,
        TimeoutException or SocketException => true,
        InvalidOperationException when IsPoolTimeout(e.Message) => true,
        InvalidOperationException when e.Message.Contains("transient failure", StringComparison.OrdinalIgnoreCase) => true,
        _ => false,
    }) && !IsConstraintViolation(exception);

    /// <summary>The database refused a value the request carried (a NUL character, a string or number out of range).</summary>
    public static bool IsUnstorableValue(Exception exception) => Any(exception, e => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("22", StringComparison.Ordinal), // data exception
        SqlException sql => sql.Number is 8152 or 2628 or 8115 or 220 or 232,
        _ => false,
    });

    /// <summary>A unique index or primary key refused the row (and nothing else: not a timeout, not a foreign key).</summary>
    public static bool IsDuplicateKey(Exception exception) => Any(exception, e => e switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 // SQLITE_CONSTRAINT, and of it only UNIQUE or PRIMARYKEY
            && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    });

    public static bool IsConstraintViolation(Exception exception) => Any(exception, e => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("23", StringComparison.Ordinal),
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        SqlException sql => sql.Number is 2601 or 2627 or 547,
        _ => false,
    });

    /// <summary>
    /// SqlClient's "Timeout expired … prior to obtaining a connection from the pool … max pool size was
    /// reached": every connection is busy, which is overload, not a defect.
    /// </summary>
    private static bool IsPoolTimeout(string message) =>
        message.Contains("max pool size", StringComparison.OrdinalIgnoreCase)
        || message.Contains("obtaining a connection from the pool", StringComparison.OrdinalIgnoreCase);

    private static bool Any(Exception exception, Func<Exception, bool> test)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (test(e))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(inner => Any(inner, test)))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The <see cref="IDatabaseErrors"/> port over <see cref="DatabaseErrors"/>.</summary>
public sealed class DatabaseErrorClassifier : IDatabaseErrors
{
    public DatabaseFailure Classify(Exception exception) => DatabaseErrors.Classify(exception);
}
