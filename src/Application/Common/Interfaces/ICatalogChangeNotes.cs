namespace Shop.Application.Common.Interfaces;

/// <summary>
/// For the catalogue changes a set-based statement makes (it bypasses the change tracker, which notes every
/// other one by itself): once committed, the cached public catalogue answers they affect are evicted, here
/// and on the other instances.
/// </summary>
public interface ICatalogChangeNotes
{
    /// <summary>The product's stock changed by an admin's adjustment.</summary>
    ValueTask ProductChangedAsync(Guid productId, CancellationToken cancellationToken);

    /// <summary>A category was deleted.</summary>
    ValueTask CategoriesChangedAsync(CancellationToken cancellationToken);
}
