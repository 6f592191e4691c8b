namespace Shop.Infrastructure.Persistence;

/// <summary>The <c>Seed</c> section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public string AdminEmail { get; set; } = "admin@shop.local";

    /// <summary>When empty: generated and printed once in Development; elsewhere no admin is created.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Seed categories and products into an empty catalogue (default: on in Development).</summary>
    public bool? SampleCatalog { get; set; }
}
