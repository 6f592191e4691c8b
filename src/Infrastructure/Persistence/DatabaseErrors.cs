using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// What a database failure means for the client, per provider: the database cannot be reached or used
/// right now (503, retry), the request's value cannot be stored (400), or a constraint refused the row.
/// Anything else is a defect and stays a 500.
/// </summary>
public static class DatabaseErrors
{
    public static bool IsUnavailable(Exception exception) => Any(exception, e => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal)                   // insufficient resources
            || pg.SqlState.StartsWith("57", StringComparison.Ordinal)                   // operator intervention, shutdown
            || pg.SqlState is "3D000" /* database does not exist */ or "55000" /* not accepting connections */
            || pg.IsTransient,
        NpgsqlException => true, // no server answer at all: refused, reset, timed out
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 /* BUSY */ or 6 /* LOCKED */ or 10 /* IOERR */
            or 13 /* FULL */ or 14 /* CANTOPEN */ or 26 /* NOTADB */,
        SqlException sql => sql.IsTransient || sql.Class >= 20 || sql.Number is -2 or 53 or 4060 or 233 or 1205,
        DbException { IsTransient: true } => true,
        TimeoutException or SocketException => true,
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

    public static bool IsConstraintViolation(Exception exception) => Any(exception, e => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("23", StringComparison.Ordinal),
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        SqlException sql => sql.Number is 2601 or 2627 or 547,
        _ => false,
    });

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
