using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Shop.Application.Catalog.ListProducts;
using Shop.Domain.Catalog;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// Tells the catalogue listing cache when this instance has saved a change to a product or a category,
/// so totals and page positions are never older than this instance's own last edit, and announces it to
/// the other instances (<see cref="ICatalogChangeAnnouncer"/>). Stock moves are
/// set-based updates that pass by here, and leave every listing's membership and order as it was.
/// </summary>
public sealed class CatalogChangeInterceptor(CatalogListingCache listings, ICatalogChangeAnnouncer others) : SaveChangesInterceptor
{
    private static readonly object Changing = new();
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Done(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Done(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Done(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Done(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is Product or Category && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                _saving.AddOrUpdate(context, Changing);
                return;
            }
        }
    }

    private void Done(DbContext? context)
    {
        if (context is not null && _saving.Remove(context))
        {
            listings.Invalidate();
            others.Announce();
        }
    }
}
