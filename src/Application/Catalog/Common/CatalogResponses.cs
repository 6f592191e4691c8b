namespace Shop.Application.Catalog.Common;

public sealed record CategoryResponse(Guid Id, string Name, string Slug);

/// <summary>A product as the public catalogue shows it. The category is embedded, so a product card needs no second call.</summary>
public sealed record ProductResponse(Guid Id, string Name, string Description, decimal Price, int Stock, CategoryResponse Category);
