using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// A small sample catalogue (5 categories, 50 products, most published) so a fresh Development API
/// has something to browse. Runs only when <c>Seed:SampleCatalog</c> is on (default: in Development)
/// and only into an empty catalogue: it never touches data someone made.
/// </summary>
public sealed partial class SampleCatalogSeeder(
    ShopDbContext db,
    IOptions<SeedOptions> options,
    IHostEnvironment environment,
    IIdGenerator ids,
    TimeProvider time,
    ILogger<SampleCatalogSeeder> logger) : IDataSeeder
{
    private static readonly (string Name, string Slug, string[] Nouns)[] Categories =
    [
        ("Books", "books", ["Novel", "Cookbook", "Atlas", "Field Guide", "Poetry Collection", "Biography", "Comic", "Dictionary", "Travel Guide", "Notebook"]),
        ("Electronics", "electronics", ["Headphones", "Keyboard", "Mouse", "Webcam", "USB-C Hub", "Speaker", "Charger", "Monitor Arm", "Microphone", "Power Bank"]),
        ("Home & Kitchen", "home-kitchen", ["Mug", "Teapot", "Chef's Knife", "Cutting Board", "Frying Pan", "Candle", "Blanket", "Vase", "Lamp", "Coffee Grinder"]),
        ("Outdoors", "outdoors", ["Tent", "Backpack", "Water Bottle", "Headlamp", "Sleeping Bag", "Camp Stove", "Hammock", "Trekking Poles", "Compass", "Rain Jacket"]),
        ("Toys & Games", "toys-games", ["Puzzle", "Board Game", "Kite", "Yo-yo", "Building Blocks", "Card Game", "Plush Bear", "Marble Run", "Chess Set", "Jigsaw"]),
    ];

    private static readonly string[] Adjectives = ["Classic", "Compact", "Deluxe", "Everyday", "Handmade"];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!(options.Value.SampleCatalog ?? environment.IsDevelopment()))
        {
            return;
        }

        if (await db.Products.AnyAsync(cancellationToken) || await db.Categories.AnyAsync(cancellationToken))
        {
            return;
        }

        var start = time.GetUtcNow();
        var count = 0;
        for (var c = 0; c < Categories.Length; c++)
        {
            var (name, slug, nouns) = Categories[c];
            var category = Category.Create(name, slug, start, ids.New(start));
            db.Categories.Add(category);
            for (var n = 0; n < nouns.Length; n++)
            {
                var i = c * nouns.Length + n;
                var adjective = Adjectives[(c + n) % Adjectives.Length];
                var price = 4.99m + (i * 7 % 23) * 3m + (i % 4) * 0.25m;
                var stock = i % 9 == 0 ? 0 : 5 + i * 13 % 60;
                var draft = i % 10 == 9; // every tenth one stays a draft
                db.Products.Add(Product.Create(
                    $"{adjective} {nouns[n]}",
                    $"A {adjective.ToLowerInvariant()} {nouns[n].ToLowerInvariant()} from our {name.ToLowerInvariant()} range.",
                    price,
                    stock,
                    category.Id,
                    publish: !draft,
                    start.AddMinutes(-i), // distinct creation times, so "newest" has an order
                    ids.New(start.AddMinutes(-i))));
                count++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(logger, Categories.Length, count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the sample catalogue: {Categories} categories, {Products} products")]
    private static partial void LogSeeded(ILogger logger, int categories, int products);
}
