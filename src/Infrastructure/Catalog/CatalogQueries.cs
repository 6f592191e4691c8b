using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Catalog.Common;
using Shop.Application.Catalog.ListProducts;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.Catalog;

/// <summary>
/// The public catalogue's read side: filters, the text search, the listing cache of totals and deep-page
/// anchors (<see cref="CatalogListingCache"/>), and the page read by a deferred join. The reads of fixed
/// shape (a product, the categories, a category's id by slug) are compiled queries, translated once.
/// </summary>
public sealed class CatalogQueries(ShopDbContext db, CatalogListingCache listings) : ICatalogQueries
{
    private static readonly CompiledQuery<Func<ShopDbContext, Guid, CancellationToken, Task<ProductResponse?>>> ProductById =
        new(() => EF.CompileAsyncQuery((ShopDbContext db, Guid id, CancellationToken _) =>
            db.Products.AsNoTracking()
                .Where(Product.Orderable).Where(p => p.Id == id)
                .Join(db.Categories, p => p.CategoryId, c => c.Id, CatalogProjections.Public)
                .FirstOrDefault()));

    private static readonly CompiledQuery<Func<ShopDbContext, IAsyncEnumerable<CategoryResponse>>> CategoriesByName =
        new(() => EF.CompileAsyncQuery((ShopDbContext db) =>
            db.Categories.AsNoTracking()
                .OrderBy(c => c.Name).ThenBy(c => c.Id)
                .Select(c => new CategoryResponse(c.Id, c.Name, c.Slug))));

    private static readonly CompiledQuery<Func<ShopDbContext, string, CancellationToken, Task<Guid?>>> CategoryIdBySlug =
        new(() => EF.CompileAsyncQuery((ShopDbContext db, string slug, CancellationToken _) =>
            db.Categories.AsNoTracking()
                .Where(c => c.Slug == slug)
                .Select(c => (Guid?)c.Id)
                .FirstOrDefault()));

    public Task<ProductResponse?> FindProductAsync(Guid id, CancellationToken cancellationToken) =>
        ProductById.For(db)(db, id, cancellationToken);

    public async Task<IReadOnlyList<CategoryResponse>> ListCategoriesAsync(CancellationToken cancellationToken)
    {
        var categories = new List<CategoryResponse>();
        await foreach (var category in CategoriesByName.For(db)(db).WithCancellation(cancellationToken))
        {
            categories.Add(category);
        }

        return categories;
    }

    public async Task<PagedResult<ProductResponse>> ListProductsAsync(ListProductsQuery query, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking().Where(Product.Orderable);

        Guid? categoryId = null;
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var slug = query.Category.Trim().ToLowerInvariant();
            categoryId = Guid.TryParse(slug, out var id)
                ? id
                : await listings.CategoryIdAsync(slug, () => CategoryIdBySlug.For(db)(db, slug, cancellationToken));
            if (categoryId is null)
            {
                return new PagedResult<ProductResponse>([], query.Page, query.PageSize, 0);
            }

            products = products.Where(p => p.CategoryId == categoryId);
        }

        string? pattern = null;
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            pattern = TextSearch.ContainsPattern(query.Q);
            products = products.Where(p =>
                EF.Functions.Like(p.Name.ToLower(), pattern, TextSearch.EscapeCharacter)
                || EF.Functions.Like(p.Description.ToLower(), pattern, TextSearch.EscapeCharacter));
        }

        if (query.MinPrice is { } min)
        {
            products = products.Where(p => p.Price >= min);
        }

        if (query.MaxPrice is { } max)
        {
            products = products.Where(p => p.Price <= max);
        }

        // The total and deep-page positions come from the listing cache; the items are always read live.
        var sort = query.Sort ?? ProductSort.Default;
        var listing = new CatalogListing(categoryId, pattern, query.MinPrice, query.MaxPrice, sort);
        var filtered = products;
        var total = await listings.TotalAsync(listing, () => filtered.CountAsync(CancellationToken.None), cancellationToken);

        var skip = query.Skip();
        if (skip >= CatalogListingCache.Step)
        {
            var anchors = await listings.AnchorsAsync(listing, () => ReadAnchorsAsync(filtered, sort), cancellationToken);
            var index = Math.Min(skip / CatalogListingCache.Step, anchors.Count - 1);
            if (index >= 0)
            {
                products = FromAnchor(products, sort, anchors[index]);
                skip += anchors[index].Skip - (index * CatalogListingCache.Step);
            }
        }

        // With nothing to skip, the page is the first rows of the sort index. Otherwise a deferred join: the
        // page's ids first, which the sort index alone can answer (the rows skipped are passed over in the
        // index, their table rows never read), then only those rows.
        // Skip and Take as parameters: the subquery below would otherwise carry the numbers as literals, a new plan per page.
        var page = Paging.SkipTakeAsParameters(InListingOrder(products, sort), skip, query.PageSize);
        if (skip > 0)
        {
            var pageIds = page.Select(p => p.Id);
            page = db.Products.AsNoTracking().Where(p => pageIds.Contains(p.Id));
        }

        var items = await InListingOrder(page, sort)
            .Join(db.Categories, p => p.CategoryId, c => c.Id, CatalogProjections.Public)
            .ToListAsync(cancellationToken);
        return new PagedResult<ProductResponse>(items, query.Page, query.PageSize, total);
    }

    /// <summary>The listing's order; the id breaks every tie, so a page is read in index order.</summary>
    private static IOrderedQueryable<Product> InListingOrder(IQueryable<Product> products, string sort) => sort switch
    {
        ProductSort.Name => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
        ProductSort.Price => products.OrderBy(p => p.Price).ThenBy(p => p.Id),
        ProductSort.PriceDescending => products.OrderByDescending(p => p.Price).ThenByDescending(p => p.Id),
        _ => products.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
    };

    /// <summary>The sort key of every <see cref="CatalogListingCache.Step"/>th product, in the listing's
    /// order, with how many products before it share that key; only the key column is read, so an
    /// index-only scan can serve it. The count of keys read is the total.</summary>
    private Task<(IReadOnlyList<CatalogAnchor> Anchors, int Total)> ReadAnchorsAsync(IQueryable<Product> products, string sort)
    {
        switch (sort)
        {
            case ProductSort.Name:
                var name = Column<string>(nameof(Product.Name), 0);
                var id = Column<Guid>(nameof(Product.Id), 1);
                return EveryStepAsync(
                    products.OrderBy(p => p.Name).ThenBy(p => p.Id).Select(p => new { p.Name, p.Id }),
                    row => (Name: name(row), Id: id(row)),
                    (k, _) => new CatalogAnchor(default, k.Name, 0m, 0, k.Id)); // (name, id) is unique: no ties
            case ProductSort.Price or ProductSort.PriceDescending:
                var price = Column<decimal>(nameof(Product.Price), 0);
                return EveryStepAsync(
                    (sort == ProductSort.Price ? products.OrderBy(p => p.Price) : products.OrderByDescending(p => p.Price)).Select(p => p.Price),
                    price,
                    (k, tie) => new CatalogAnchor(default, "", k, tie));
            default:
                var created = Column<DateTimeOffset>(nameof(Product.CreatedAt), 0);
                return EveryStepAsync(
                    products.OrderByDescending(p => p.CreatedAt).Select(p => p.CreatedAt),
                    created,
                    (k, tie) => new CatalogAnchor(k, "", 0m, tie));
        }
    }

    /// <summary>Reads a product's column from a data reader as EF reads it, through the column's value
    /// converter when the provider has one (SQLite keeps times as numbers and prices as reals).</summary>
    private Func<DbDataReader, T> Column<T>(string property, int ordinal)
    {
        var converter = db.Model.FindEntityType(typeof(Product))!.FindProperty(property)!.GetTypeMapping().Converter;
        if (converter is null)
        {
            return row => row.GetFieldValue<T>(ordinal);
        }

        var fromProvider = converter.ConvertFromProvider;
        return row => (T)fromProvider(row.GetValue(ordinal))!;
    }

    /// <summary>
    /// Streams the keys with the query's own command and reader, one row at a time. Through EF, a query that
    /// the retrying execution strategy could re-run is buffered whole first: at a million products that was
    /// every key in memory at once, tens of MB for one request. The strategy still retries the whole read.
    /// </summary>
    private Task<(IReadOnlyList<CatalogAnchor> Anchors, int Total)> EveryStepAsync<TRow, TKey>(
        IQueryable<TRow> rows, Func<DbDataReader, TKey> key, Func<TKey, int, CatalogAnchor> anchor) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            var anchors = new List<CatalogAnchor>();
            var count = 0;
            var tieStart = 0;
            var previous = default(TKey);
            await db.Database.OpenConnectionAsync();
            try
            {
                await using var command = rows.CreateDbCommand();
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var current = key(reader);
                    if (count == 0 || !EqualityComparer<TKey>.Default.Equals(current, previous))
                    {
                        tieStart = count;
                        previous = current;
                    }

                    if (count % CatalogListingCache.Step == 0)
                    {
                        anchors.Add(anchor(current, count - tieStart));
                    }

                    count++;
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return ((IReadOnlyList<CatalogAnchor>)anchors, count);
        });

    /// <summary>The products from <paramref name="a"/>'s key on, in the listing's order: a range on the sort
    /// key, so the sort index seeks to it. The caller skips <see cref="CatalogAnchor.Skip"/> more rows, the
    /// ones before the anchor that share its key.</summary>
    private static IQueryable<Product> FromAnchor(IQueryable<Product> products, string sort, CatalogAnchor a) => sort switch
    {
        ProductSort.Name => products.Where(p => string.Compare(p.Name, a.Name) > 0 || (p.Name == a.Name && p.Id.CompareTo(a.Id) >= 0)),
        ProductSort.Price => products.Where(p => p.Price >= a.Price),
        ProductSort.PriceDescending => products.Where(p => p.Price <= a.Price),
        _ => products.Where(p => p.CreatedAt <= a.CreatedAt),
    };
}
