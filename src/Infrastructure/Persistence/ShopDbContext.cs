using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Domain.Carts;
using Shop.Domain.Catalog;
using Shop.Domain.Email;
using Shop.Domain.Orders;
using Shop.Domain.Users;

namespace Shop.Infrastructure.Persistence;

public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options), IShopDbContext
{
    /// <summary>SQL Server's binary, code-point ordered collation.</summary>
    public const string BinaryCollation = "Latin1_General_100_BIN2";

    public DbSet<User> Users => Set<User>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<Revocation> Revocations => Set<Revocation>();
    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();
    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();
    public DbSet<MfaChallenge> MfaChallenges => Set<MfaChallenge>();
    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Cart> Carts => Set<Cart>();
    public DbSet<CartItem> CartItems => Set<CartItem>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>On SQLite, the interceptor that gives this process's writers their turns; found once, from the
    /// options this context was made with (the same for every context of the pool).</summary>
    private SqliteWriteGate? WriteGate => (_writeGate ??= new(this.GetService<IDbContextOptions>()
        .FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SqliteWriteGate>().FirstOrDefault())).Value;

    private StrongBox<SqliteWriteGate?>? _writeGate;

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var turn = WriteGate is { } gate ? await gate.EnterForSaveAsync(this, cancellationToken) : null;
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var turn = WriteGate?.EnterForSave(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ShopDbContext).Assembly);

        if (Database.IsSqlServer())
        {
            // Keys compared for equality compare byte for byte, as on PostgreSQL and SQLite: the database's
            // default collation is case-insensitive and may equate width variants, so 'Order-1' would replay
            // 'order-1'. .NET keeps each in one canonical form (User.NormalizeEmail), so binary is exact.
            modelBuilder.Entity<User>().Property(u => u.NormalizedEmail).UseCollation(BinaryCollation);
            modelBuilder.Entity<IdempotencyRecord>().Property(r => r.Key).UseCollation(BinaryCollation);
            modelBuilder.Entity<RefreshToken>().Property(t => t.TokenHash).UseCollation(BinaryCollation);
        }

        // snake_case tables and columns on every provider, so hand-written SQL reads the same everywhere.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no native date or decimal type: store sortable numbers so that
            // WHERE and ORDER BY on times and prices run in the database.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
        }
    }
}
