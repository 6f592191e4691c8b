namespace Shop.Infrastructure.Catalog;

/// <summary>
/// The tags of the cached public catalogue answers, and what a change evicts: a product's edit, status or
/// stock change evicts every product list and that product's page; a category's evicts everything (product
/// answers carry their category).
/// </summary>
public static class CatalogPageTags
{
    /// <summary>Every cached catalogue answer.</summary>
    public const string All = "catalog";

    /// <summary>Every page of every product list (any of them may hold the product that changed).</summary>
    public const string Lists = "catalog:products";

    /// <summary>The list of categories.</summary>
    public const string Categories = "catalog:categories";

    private const string ProductPrefix = "catalog:product:";

    /// <summary>The page of one product.</summary>
    public static string Product(Guid id) => ProductPrefix + id.ToString("N");

    /// <summary>Whether a tag read from another instance's announcement is one of these.</summary>
    public static bool IsKnown(string tag) =>
        tag is All or Lists or Categories
        || (tag.StartsWith(ProductPrefix, StringComparison.Ordinal) && Guid.TryParseExact(tag[ProductPrefix.Length..], "N", out _));
}

/// <summary>
/// The cached public catalogue answers of this instance (the output cache of the web host); evicting is
/// immediate and local: other instances hear of the change through <see cref="Persistence.ICatalogChangeAnnouncer"/>.
/// </summary>
public interface ICatalogPageCache
{
    /// <summary>Evicts every answer that carries one of <paramref name="tags"/>.</summary>
    ValueTask EvictAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken);
}

/// <summary>No web host (the admin command line): nothing is cached.</summary>
internal sealed class NoCatalogPageCache : ICatalogPageCache
{
    public ValueTask EvictAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
