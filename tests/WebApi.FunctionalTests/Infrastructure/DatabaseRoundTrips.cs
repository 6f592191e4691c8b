using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// Counts the database round trips of each HTTP request that carries <see cref="Header"/>, by its value: every
/// command EF Core sends, and every COMMIT, ROLLBACK, RELEASE SAVEPOINT and ROLLBACK TO SAVEPOINT. Npgsql sends
/// BEGIN and SAVEPOINT in front of the next command, so those cost no round trip of their own and are not counted.
/// Work of the host outside such a request (revocation polling, the outbox) is not counted.
/// </summary>
public sealed class DatabaseRoundTrips : IDbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Header = "X-Test-Round-Trips";

    private readonly IHttpContextAccessor _http = new HttpContextAccessor();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _trips = new();

    /// <summary>What the requests marked <paramref name="probe"/> sent, one line per round trip, in order.</summary>
    public IReadOnlyList<string> Of(string probe) => _trips.TryGetValue(probe, out var trips) ? trips.ToArray() : [];

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Note(command);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Note(command);
        return result;
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Note(command);
        return result;
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Note("COMMIT");
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Note("COMMIT");
        return result;
    }

    public ValueTask<InterceptionResult> TransactionRollingBackAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Note("ROLLBACK");
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Note("ROLLBACK");
        return result;
    }

    public ValueTask<InterceptionResult> ReleasingTransactionSavepointAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Note("RELEASE SAVEPOINT");
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ReleasingTransactionSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Note("RELEASE SAVEPOINT");
        return result;
    }

    public ValueTask<InterceptionResult> RollingBackToTransactionSavepointAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Note("ROLLBACK TO SAVEPOINT");
        return ValueTask.FromResult(result);
    }

    public InterceptionResult RollingBackToTransactionSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Note("ROLLBACK TO SAVEPOINT");
        return result;
    }

    private void Note(DbCommand command) =>
        Note(string.Join(' ', command.CommandText.Split((char[])['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries)));

    private void Note(string trip)
    {
        if (_http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } probe)
        {
            _trips.GetOrAdd(probe, _ => new ConcurrentQueue<string>()).Enqueue(trip);
        }
    }
}
