using System.Collections.Concurrent;

namespace Shop.Infrastructure.Catalog;

/// <summary>One listing of the public catalogue: a filter and a sort order (the page is not part of it).</summary>
public sealed record CatalogListing(Guid? CategoryId, string? Q, decimal? MinPrice, decimal? MaxPrice, string Sort);

/// <summary>
/// A position in a listing's order: the sort key of the product there (only the field of the listing's
/// sort is meaningful), and how many products before it have that same key. Rows from the key on, less
/// those <see cref="Skip"/> rows, start exactly at the anchor. A name anchor also holds the product's
/// <see cref="Id"/> and no skip: names are compared by the database's collation, which .NET cannot
/// reproduce (case-insensitive on SQL Server), so the position is (name, id) as the database orders it.
/// </summary>
public sealed record CatalogAnchor(DateTimeOffset CreatedAt, string Name, decimal Price, int Skip, Guid Id = default);

/// <summary>
/// What a listing of the public catalogue costs time proportional to its size to learn, kept for a while:
/// its total, and, once someone pages deep into it, the sort key of every <see cref="Step"/>th product.
/// With those, a page of a million products costs what it costs at ten thousand: the total is known, and
/// page 25,000 is a seek to the nearest anchor plus a skip of fewer than <see cref="Step"/> rows instead of
/// an OFFSET over half the table. The items of a page are always read live; only the total and the
/// positions of the anchors can be stale: they are dropped at once when this instance changes a product
/// or category (<see cref="Invalidate"/>), and are rebuilt after <see cref="TotalTimeToLive"/> and
/// <see cref="AnchorsTimeToLive"/> otherwise (changes made by other instances or by hand), while the
/// previous value keeps serving.
/// </summary>
public sealed class CatalogListingCache(TimeProvider time)
{
    /// <summary>Products between two anchors; pages starting below it use a plain OFFSET.</summary>
    public const int Step = 1000;

    /// <summary>Listings remembered at once; past it everything is forgotten (each listing is rebuilt on demand).</summary>
    public const int MaxListings = 512;

    /// <summary>How long a total is trusted (changes made elsewhere show in it after at most this).</summary>
    public static readonly TimeSpan TotalTimeToLive = TimeSpan.FromSeconds(30);

    /// <summary>How long anchors are trusted: stale ones only shift deep page boundaries by the number of
    /// products added or removed elsewhere since, and reading them means reading every key.</summary>
    public static readonly TimeSpan AnchorsTimeToLive = TimeSpan.FromMinutes(5);

    private ConcurrentDictionary<CatalogListing, Entry> _entries = new();
    private ConcurrentDictionary<string, (Guid Id, DateTimeOffset At)> _categories = new();

    /// <summary>The catalogue changed: forget every total, anchor and category slug.</summary>
    public void Invalidate()
    {
        _entries = new ConcurrentDictionary<CatalogListing, Entry>();
        _categories = new ConcurrentDictionary<string, (Guid, DateTimeOffset)>();
    }

    /// <summary>
    /// The id of the category with this slug, so a category page does not look it up on every request;
    /// <paramref name="lookup"/> reads it when unknown or older than <see cref="TotalTimeToLive"/>. Only
    /// slugs that exist are kept, so requests for made-up slugs cannot grow it.
    /// </summary>
    public async Task<Guid?> CategoryIdAsync(string slug, Func<Task<Guid?>> lookup)
    {
        var categories = _categories;
        if (categories.TryGetValue(slug, out var known) && time.GetUtcNow() - known.At < TotalTimeToLive)
        {
            return known.Id;
        }

        var id = await lookup();
        if (id is { } found)
        {
            categories[slug] = (found, time.GetUtcNow());
        }

        return id;
    }

    /// <summary>The listing's total, counted by <paramref name="count"/> when unknown or old.</summary>
    public Task<int> TotalAsync(CatalogListing listing, Func<Task<int>> count, CancellationToken ct) =>
        EntryFor(listing).Total.GetAsync(count, TotalTimeToLive, time, ct);

    /// <summary>The listing's anchors (every <see cref="Step"/>th product in sort order), read by
    /// <paramref name="read"/> when unknown or old; reading them also refreshes the total.</summary>
    public async Task<IReadOnlyList<CatalogAnchor>> AnchorsAsync(
        CatalogListing listing, Func<Task<(IReadOnlyList<CatalogAnchor> Anchors, int Total)>> read, CancellationToken ct)
    {
        var entry = EntryFor(listing);
        var (anchors, total) = await entry.Anchors.GetAsync(read, AnchorsTimeToLive, time, ct);
        entry.Total.Offer(total, time);
        return anchors;
    }

    private Entry EntryFor(CatalogListing listing)
    {
        var entries = _entries;
        if (entries.Count >= MaxListings && !entries.ContainsKey(listing))
        {
            Invalidate();
            entries = _entries;
        }

        return entries.GetOrAdd(listing, _ => new Entry());
    }

    private sealed class Entry
    {
        public Slot<int> Total { get; } = new();

        public Slot<(IReadOnlyList<CatalogAnchor>, int)> Anchors { get; } = new();
    }

    /// <summary>
    /// One cached value. A missing value is built by the first caller while the others wait for it; an old
    /// one is rebuilt by the first caller that sees it old while the others go on with the old one. The
    /// builder runs on the caller's own database context, so the caller that starts it always waits for it.
    /// </summary>
    private sealed class Slot<T>
    {
        private readonly Lock _lock = new();
        private bool _has;
        private T _value = default!;
        private DateTimeOffset _at;
        private Task<T>? _pending;

        public async Task<T> GetAsync(Func<Task<T>> build, TimeSpan timeToLive, TimeProvider time, CancellationToken ct)
        {
            TaskCompletionSource<T> mine;
            Task<T>? theirs = null;
            lock (_lock)
            {
                if (_has && (time.GetUtcNow() - _at < timeToLive || _pending is not null))
                {
                    return _value;
                }

                mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_pending is not null)
                {
                    theirs = _pending;
                }
                else
                {
                    _pending = mine.Task;
                }
            }

            if (theirs is not null)
            {
                return await theirs.WaitAsync(ct);
            }

            // Our context builds it, so we stay until it is done, cancelled or not.
            try
            {
                var value = await build();
                lock (_lock)
                {
                    (_value, _at, _has, _pending) = (value, time.GetUtcNow(), true, null);
                }

                mine.SetResult(value);
                return value;
            }
            catch (Exception ex)
            {
                lock (_lock)
                {
                    _pending = null;
                }

                mine.SetException(ex);
                throw;
            }
        }

        /// <summary>A fresher value learnt on the way (the anchors' count gives the total).</summary>
        public void Offer(T value, TimeProvider time)
        {
            lock (_lock)
            {
                (_value, _at, _has) = (value, time.GetUtcNow(), true);
            }
        }
    }
}
