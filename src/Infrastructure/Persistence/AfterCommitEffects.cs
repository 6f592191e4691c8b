using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Domain.Catalog;
using Shop.Infrastructure.Catalog;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// The one place where what a save changed takes effect outside the database, and only once it is
/// committed: revocations are applied to access tokens (here at once, on other instances through the
/// publisher) and catalogue changes drop the listing caches and evict the cached catalogue answers they
/// affect (<see cref="CatalogPageTags"/>), here and on the other instances.
/// <para>Each save notes what it staged; a save outside a transaction commits on its own and its effects
/// run right after it, a save inside one waits for that transaction's commit. A rollback (or a failed
/// save) runs nothing of what it undid.</para>
/// Set-based updates pass by here: an admin's stock adjustment or category deletion notes its change with
/// <see cref="NoteCatalogChange"/>; a checkout's stock moves leave every listing's membership and order as
/// it was, and the stock shown on a cached answer catches up within <c>Catalog:PageCacheSeconds</c>.
/// </summary>
public sealed class AfterCommitEffects(
    IRevocationPublisher revocations,
    CatalogListingCache listings,
    ICatalogPageCache pages,
    ICatalogChangeAnnouncer otherInstances) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stage(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stage(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedAsync(eventData.Context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await SavedAsync(eventData.Context, cancellationToken);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => For(eventData.Context)?.DropStaged();

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        For(eventData.Context)?.DropStaged();
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => For(eventData.Context)?.DropStaged();

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        For(eventData.Context)?.DropStaged();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        RunAsync(eventData.Context, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        RunAsync(eventData.Context, cancellationToken).AsTask();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Discard(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Forgets everything noted for this context: its unit of work did not commit. (A save outside a
    /// unit opens EF's own transaction between noting and saving, so starting a transaction forgets nothing.)</summary>
    public void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private Pending? For(DbContext? context) => context is not null && _pending.TryGetValue(context, out var pending) ? pending : null;

    private void Stage(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        Pending? pending = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case Revocation revocation when entry.State == EntityState.Added:
                    (pending ??= _pending.GetOrCreateValue(context)).StagedRevocations.Add(revocation);
                    break;
                case Product product when entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted:
                    (pending ??= _pending.GetOrCreateValue(context)).StageProduct(product.Id);
                    break;
                case Category when entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted:
                    (pending ??= _pending.GetOrCreateValue(context)).StagedCatalogTags.Add(CatalogPageTags.All);
                    break;
            }
        }
    }

    /// <summary>
    /// A set-based statement changed the catalogue (it bypasses the change tracker): a product's stock when
    /// <paramref name="productId"/> is given, the categories otherwise. Inside a transaction its effects wait
    /// for the commit; outside one, the statement has committed already and they run now.
    /// </summary>
    public ValueTask NoteCatalogChange(DbContext context, Guid? productId, CancellationToken ct)
    {
        var pending = _pending.GetOrCreateValue(context);
        if (productId is { } id)
        {
            pending.StageProduct(id);
        }
        else
        {
            pending.StagedCatalogTags.Add(CatalogPageTags.All);
        }

        pending.KeepStaged();
        return context.Database.CurrentTransaction is null ? RunAsync(context, ct) : ValueTask.CompletedTask;
    }

    private ValueTask SavedAsync(DbContext? context, CancellationToken ct)
    {
        if (For(context) is not { } pending)
        {
            return ValueTask.CompletedTask;
        }

        pending.KeepStaged();
        return context!.Database.CurrentTransaction is null ? RunAsync(context, ct) : ValueTask.CompletedTask;
    }

    private async ValueTask RunAsync(DbContext? context, CancellationToken ct)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        pending.KeepStaged(); // a save outside a unit commits EF's own transaction before it reports itself saved
        if (pending.CatalogTags.Count > 0)
        {
            listings.Invalidate();
            await pages.EvictAsync(pending.CatalogTags, CancellationToken.None); // committed: evict even if the caller gave up
            otherInstances.Announce(pending.CatalogTags);
        }

        if (pending.Revocations.Count > 0)
        {
            await revocations.PublishAsync(pending.Revocations, ct);
        }
    }

    private sealed class Pending
    {
        public List<Revocation> StagedRevocations { get; } = [];
        public HashSet<string> StagedCatalogTags { get; } = [];
        public List<Revocation> Revocations { get; } = [];
        public HashSet<string> CatalogTags { get; } = [];

        public void StageProduct(Guid id)
        {
            StagedCatalogTags.Add(CatalogPageTags.Lists);
            StagedCatalogTags.Add(CatalogPageTags.Product(id));
        }

        /// <summary>The save went through: what it staged waits for the commit.</summary>
        public void KeepStaged()
        {
            Revocations.AddRange(StagedRevocations);
            CatalogTags.UnionWith(StagedCatalogTags);
            DropStaged();
        }

        public void DropStaged()
        {
            StagedRevocations.Clear();
            StagedCatalogTags.Clear();
        }
    }
}
