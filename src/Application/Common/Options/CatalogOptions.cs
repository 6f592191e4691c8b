using Microsoft.Extensions.Options;

namespace Shop.Application.Common.Options;

/// <summary>The <c>Catalog</c> configuration section.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>
    /// How long a public catalogue answer (product list, product detail, categories) is served from the
    /// output cache. Edits to products and categories evict it at once; the stock that checkouts move does
    /// not, so this is how far the stock shown may lag behind. Checkout always reads the stock itself.
    /// </summary>
    public double PageCacheSeconds { get; set; } = 5;
}

public sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options) =>
        new OptionErrors(CatalogOptions.Section)
            .Range(nameof(CatalogOptions.PageCacheSeconds), options.PageCacheSeconds, 0.1, 60, "seconds")
            .Result();
}
