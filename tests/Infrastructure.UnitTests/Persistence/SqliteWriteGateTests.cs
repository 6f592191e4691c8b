using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.UnitTests.Persistence;

/// <summary>
/// SQLite has one writer: while a unit of work holds the write lock, every other write of the process waits
/// for its turn instead of polling the lock. The database file's busy timeout is one second here and the unit
/// holds the lock for longer, so a write that polled the lock would fail with "database is locked".
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(2.5);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"shop-gate-{Guid.NewGuid():N}.db");
    private readonly SqliteWriteGate _gate = new();
    private readonly AfterCommitEffects _effects = new(new Publisher(), new CatalogListingCache(TimeProvider.System), new Silent(), new Silent());

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var db = NewContext(withGate: false);
        await db.Database.EnsureCreatedAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }

    private ShopDbContext NewContext(bool withGate = true)
    {
        var options = ShopDbContextOptions.Configure(
            new DbContextOptionsBuilder<ShopDbContext>(), DatabaseProvider.Sqlite, $"Data Source={_file};Pooling=False;Default Timeout=1");
        options.AddInterceptors(_effects);
        if (withGate)
        {
            options.AddInterceptors(_gate);
        }

        return new ShopDbContext((DbContextOptions<ShopDbContext>)options.Options);
    }

    /// <summary>A unit of work that writes, then holds the lock until <paramref name="release"/>.</summary>
    private async Task HoldTheLockAsync(TaskCompletionSource holding, Task release)
    {
        await using var db = NewContext();
        await new UnitOfWork(db, _effects, _gate).ExecuteAsync(async ct =>
        {
            db.Revocations.Add(Revocation.OfSession(Guid.NewGuid(), Now));
            await db.SaveChangesAsync(ct); // the write lock is this transaction's from here to its commit
            holding.SetResult();
            await release;
            return true;
        }, Ct);
    }

    [Fact]
    public async Task ASaveChangesOutsideAUnit_WaitsForTheUnitsCommit_AndDoesNotFailOnTheLock()
    {
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var unit = HoldTheLockAsync(holding, release.Task);
        await holding.Task;

        await using var other = NewContext();
        other.Revocations.Add(Revocation.OfUser(Guid.NewGuid(), Now));
        other.Revocations.Add(Revocation.OfSession(Guid.NewGuid(), Now)); // two rows: with EF's own transaction
        var save = other.SaveChangesAsync(Ct);

        await Task.Delay(HeldFor, Ct);
        Assert.False(save.IsCompleted, "the save went ahead while another transaction held the write lock");
        release.SetResult();
        await unit;

        Assert.Equal(2, await save);
        await using var check = NewContext();
        Assert.Equal(3, await check.Revocations.CountAsync(Ct));
    }

    [Fact]
    public async Task AStatementOutsideAUnit_WaitsForTheUnitsCommit_AndDoesNotFailOnTheLock()
    {
        await using (var seed = NewContext())
        {
            seed.Revocations.Add(Revocation.OfUser(Guid.NewGuid(), Now.AddDays(-1)));
            await seed.SaveChangesAsync(Ct);
        }

        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var unit = HoldTheLockAsync(holding, release.Task);
        await holding.Task;

        await using var other = NewContext();
        var delete = other.Revocations.Where(r => r.Cutoff < Now).ExecuteDeleteAsync(Ct);

        await Task.Delay(HeldFor, Ct);
        Assert.False(delete.IsCompleted, "the statement went ahead while another transaction held the write lock");
        release.SetResult();
        await unit;

        Assert.Equal(1, await delete);
    }

    [Fact]
    public async Task AReadOutsideAUnit_DoesNotWaitForTheWriter()
    {
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var unit = HoldTheLockAsync(holding, release.Task);
        await holding.Task;

        await using var reader = NewContext();
        var read = reader.Revocations.CountAsync(Ct);
        var first = await Task.WhenAny(read, Task.Delay(HeldFor, Ct));

        Assert.Same(read, first); // answered while the unit still held the write lock
        Assert.Equal(0, await read); // and without the unit's uncommitted row
        release.SetResult();
        await unit;
    }

    /// <summary>Units of work (whose own SaveChanges must not wait for the turn their unit holds) and saves
    /// outside a unit, from many contexts at once: every write lands, none waits forever.</summary>
    [Fact]
    public async Task WritesOfManyContextsAtOnce_AllSucceed()
    {
        var writers = Enumerable.Range(0, 16).Select(async i =>
        {
            await using var db = NewContext();
            for (var n = 0; n < 10; n++)
            {
                if ((i + n) % 2 == 0)
                {
                    db.Revocations.Add(Revocation.OfSession(Guid.NewGuid(), Now));
                    await db.SaveChangesAsync(Ct);
                }
                else
                {
                    await new UnitOfWork(db, _effects, _gate).ExecuteAsync(ct =>
                    {
                        db.Revocations.Add(Revocation.OfUser(Guid.NewGuid(), Now));
                        return ValueTask.FromResult(true);
                    }, Ct);
                }

                Assert.True(await db.Revocations.AnyAsync(Ct));
            }
        });

        await Task.WhenAll(writers);

        await using var check = NewContext();
        Assert.Equal(160, await check.Revocations.CountAsync(Ct));
    }

    private sealed class Publisher : IRevocationPublisher
    {
        public Task PublishAsync(IReadOnlyCollection<Revocation> revocations, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Silent : ICatalogChangeAnnouncer, ICatalogPageCache
    {
        public void Announce(IReadOnlyCollection<string> tags)
        {
        }

        public ValueTask EvictAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
