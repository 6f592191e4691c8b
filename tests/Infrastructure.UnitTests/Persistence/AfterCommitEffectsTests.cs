using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.UnitTests.Persistence;

/// <summary>Revocations take effect (and are published) only once what staged them is committed.</summary>
public sealed class AfterCommitEffectsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly Publisher _published = new();
    private ShopDbContext _db = null!;

    public async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync();
        var effects = new AfterCommitEffects(_published, new CatalogListingCache(TimeProvider.System), new Silent(), new Silent());
        _db = new ShopDbContext(new DbContextOptionsBuilder<ShopDbContext>().UseSqlite(_connection).AddInterceptors(effects).Options);
        await _db.Database.EnsureCreatedAsync(); // a throwaway in-memory schema
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        await _connection.DisposeAsync();
    }

    [Fact]
    public async Task ASaveOutsideATransaction_PublishesRightAfterItCommits()
    {
        // Two rows: EF wraps the save in a transaction of its own.
        _db.Revocations.Add(Revocation.OfSession(Guid.NewGuid(), Now));
        _db.Revocations.Add(Revocation.OfUser(Guid.NewGuid(), Now));

        await _db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, _published.Revocations.Count);
    }

    [Fact]
    public async Task InATransaction_NothingIsPublishedBeforeTheCommit_AndAllOfItAfter()
    {
        await using var transaction = await _db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        _db.Revocations.Add(Revocation.OfSession(Guid.NewGuid(), Now));
        await _db.SaveChangesAsync(TestContext.Current.CancellationToken);
        _db.Revocations.Add(Revocation.OfUser(Guid.NewGuid(), Now));
        await _db.SaveChangesAsync(TestContext.Current.CancellationToken);
        Assert.Empty(_published.Revocations);

        await transaction.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, _published.Revocations.Count);
    }

    [Fact]
    public async Task ARolledBackTransaction_PublishesNothing_AndTheNextCommitOnlyItsOwn()
    {
        await using (var transaction = await _db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            _db.Revocations.Add(Revocation.OfSession(Guid.NewGuid(), Now));
            await _db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        _db.ChangeTracker.Clear();
        var kept = Revocation.Global(Now, Now);
        _db.Revocations.Add(kept);
        await _db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.Equal([kept], _published.Revocations);
    }

    private sealed class Publisher : IRevocationPublisher
    {
        public List<Revocation> Revocations { get; } = [];

        public Task PublishAsync(IReadOnlyCollection<Revocation> revocations, CancellationToken cancellationToken)
        {
            Revocations.AddRange(revocations);
            return Task.CompletedTask;
        }
    }

    private sealed class Silent : ICatalogChangeAnnouncer, ICatalogPageCache
    {
        public void Announce(IReadOnlyCollection<string> tags)
        {
        }

        public ValueTask EvictAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
