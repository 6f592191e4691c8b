namespace Shop.Infrastructure.Persistence;

/// <summary>
/// Tells the other API instances that this one has saved a change to a product or a category, so they drop
/// their catalogue listing totals and anchors and evict their cached catalogue answers with these tags
/// (<see cref="Catalog.CatalogPageTags"/>) as this one does, instead of after their time to live.
/// </summary>
public interface ICatalogChangeAnnouncer
{
    /// <summary>Best effort and never blocking: a lost announcement only leaves the others' time to live.</summary>
    void Announce(IReadOnlyCollection<string> tags);
}

/// <summary>One instance, or no channel to the others: nothing to tell.</summary>
internal sealed class NoCatalogChangeAnnouncer : ICatalogChangeAnnouncer
{
    public void Announce(IReadOnlyCollection<string> tags)
    {
    }
}
