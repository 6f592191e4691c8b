using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer at a time: every write of this process takes its turn here, in order, rather than
/// polling the database's lock (a busy-wait with back-off that made the slowest writers wait seconds).
/// A unit of work takes the turn for its whole transaction (<see cref="UnitOfWork"/>); a write outside one
/// takes it for its own length: a <c>SaveChanges</c> (with the transaction EF opens for it;
/// <see cref="ShopDbContext"/>), or a statement such as <c>ExecuteUpdate</c> or <c>ExecuteDelete</c> in
/// autocommit (this interceptor). A context that holds the turn never waits for it again. Registered as an
/// interceptor on SQLite only, which is also how the context finds it.
/// </summary>
public sealed class SqliteWriteGate : IDbCommandInterceptor, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<DbContext, Holder> _holders = new(ReferenceEqualityComparer.Instance);

    private enum Holder
    {
        UnitOfWork,
        SaveChanges,
        Statement,
    }

    /// <summary>The turn for a unit of work on <paramref name="context"/>, until the result is disposed.</summary>
    public async ValueTask<IDisposable> EnterAsync(DbContext context, CancellationToken cancellationToken) =>
        await EnterAsync(context, Holder.UnitOfWork, cancellationToken) ?? throw new InvalidOperationException("A unit of work started inside another.");

    /// <summary>The turn for one <c>SaveChanges</c>, or null when <paramref name="context"/> already has it (inside
    /// a unit of work).</summary>
    internal ValueTask<IDisposable?> EnterForSaveAsync(DbContext context, CancellationToken cancellationToken) =>
        EnterAsync(context, Holder.SaveChanges, cancellationToken);

    internal IDisposable? EnterForSave(DbContext context)
    {
        if (_holders.ContainsKey(context))
        {
            return null;
        }

        _gate.Wait();
        _holders[context] = Holder.SaveChanges;
        return new Turn(this, context, Holder.SaveChanges);
    }

    private async ValueTask<IDisposable?> EnterAsync(DbContext context, Holder holder, CancellationToken cancellationToken)
    {
        if (_holders.ContainsKey(context))
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken);
        _holders[context] = holder;
        return new Turn(this, context, holder);
    }

    public void Dispose() => _gate.Dispose();

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (IsAutocommitWrite(command))
        {
            await TakeAsync(eventData.Context, Holder.Statement, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsAutocommitWrite(command))
        {
            Take(eventData.Context, Holder.Statement);
        }

        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context, Holder.Statement);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Leave(eventData.Context, Holder.Statement);
        return result;
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context, Holder.Statement);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Leave(eventData.Context, Holder.Statement);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context, Holder.Statement);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Leave(eventData.Context, Holder.Statement);

    /// <summary>A statement of its own that writes: inside a transaction, the transaction's holder has the turn;
    /// a read (the readiness probe's <c>SELECT 1</c>) never needs it.</summary>
    private static bool IsAutocommitWrite(DbCommand command) =>
        command.Transaction is null && !command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    private async ValueTask TakeAsync(DbContext? context, Holder holder, CancellationToken cancellationToken)
    {
        if (context is null || _holders.ContainsKey(context))
        {
            return; // its unit of work or its SaveChanges already has the turn
        }

        await _gate.WaitAsync(cancellationToken);
        _holders[context] = holder;
    }

    private void Take(DbContext? context, Holder holder)
    {
        if (context is null || _holders.ContainsKey(context))
        {
            return;
        }

        _gate.Wait();
        _holders[context] = holder;
    }

    /// <summary>Gives the turn back only if <paramref name="holder"/> took it: a SaveChanges inside a unit of work
    /// leaves it to the unit.</summary>
    private void Leave(DbContext? context, Holder holder)
    {
        if (context is not null && _holders.TryRemove(new KeyValuePair<DbContext, Holder>(context, holder)))
        {
            _gate.Release();
        }
    }

    private sealed class Turn(SqliteWriteGate gate, DbContext context, Holder holder) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Leave(context, holder);
            }
        }
    }
}
