using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// Begin, work, save, commit, through the provider's execution strategy (each retry starts from a clean
/// change tracker). What takes effect after the commit is <see cref="AfterCommitEffects"/>'s. On SQLite the
/// units of this process take the database's one write lock in turn (<see cref="SqliteWriteGate"/>) instead
/// of contending for it. A unit started inside another joins it.
/// </summary>
public sealed class UnitOfWork(ShopDbContext db, AfterCommitEffects effects, SqliteWriteGate sqliteGate) : IUnitOfWork
{
    public async ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work(cancellationToken);
        }

        using var writer = db.Database.IsSqlite() ? await sqliteGate.EnterAsync(db, cancellationToken) : null;

        // A retry (a transient failure, SQL Server and PostgreSQL) starts from a clean change tracker and runs the
        // work again. That is only right for work that reads what it changes inside the unit. A unit that works
        // on entities read before it began (a login's user, read with its security stamp; a completed second-
        // factor challenge) would lose those changes, so it is not run again: the request fails as a database
        // that is unavailable (503) and the client tries again.
        var rerunnable = !db.ChangeTracker.Entries().Any();
        Exception? failure = null;
        var attempts = 0;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            work,
            async (_, work, ct) =>
            {
                if (attempts++ > 0)
                {
                    if (!rerunnable)
                    {
                        throw new UnitOfWorkNotRetriedException(failure!);
                    }

                    db.ChangeTracker.Clear();
                }

                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                try
                {
                    var result = await work(ct);
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    return result;
                }
                catch (Exception e)
                {
                    failure = e;
                    effects.Discard(db);
                    throw;
                }
            },
            verifySucceeded: null,
            cancellationToken);
    }

    public void DiscardUnsavedChanges() => db.ChangeTracker.Clear();
}

/// <summary>A unit failed transiently and could not be run again (see <see cref="UnitOfWork"/>); the inner
/// exception is the failure, which the API answers as 503.</summary>
public sealed class UnitOfWorkNotRetriedException(Exception failure)
    : Exception("The unit of work failed transiently and works on entities read before it, so it was not retried.", failure);

