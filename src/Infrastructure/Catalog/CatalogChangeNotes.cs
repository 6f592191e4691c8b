using Shop.Application.Common.Interfaces;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.Catalog;

/// <summary>Notes a set-based catalogue change on this request's context, for <see cref="AfterCommitEffects"/>.</summary>
internal sealed class CatalogChangeNotes(ShopDbContext db, AfterCommitEffects effects) : ICatalogChangeNotes
{
    public ValueTask ProductChangedAsync(Guid productId, CancellationToken cancellationToken) =>
        effects.NoteCatalogChange(db, productId, cancellationToken);

    public ValueTask CategoriesChangedAsync(CancellationToken cancellationToken) =>
        effects.NoteCatalogChange(db, null, cancellationToken);
}
