using Microsoft.EntityFrameworkCore;
using Shop.Domain.Auth;
using Shop.Domain.Carts;
using Shop.Domain.Catalog;
using Shop.Domain.Email;
using Shop.Domain.Orders;
using Shop.Domain.Users;

namespace Shop.Application.Common.Interfaces;

/// <summary>The database as the use cases see it: its sets and a save. Handlers query it directly, no repository
/// layer; transactions are the unit of work's (<see cref="IUnitOfWork"/>).</summary>
public interface IShopDbContext
{
    DbSet<User> Users { get; }
    DbSet<Session> Sessions { get; }
    DbSet<RefreshToken> RefreshTokens { get; }
    DbSet<Revocation> Revocations { get; }
    DbSet<SecurityEvent> SecurityEvents { get; }
    DbSet<AccountToken> AccountTokens { get; }
    DbSet<MfaChallenge> MfaChallenges { get; }
    DbSet<RecoveryCode> RecoveryCodes { get; }
    DbSet<OutboxEmail> OutboxEmails { get; }

    DbSet<Category> Categories { get; }
    DbSet<Product> Products { get; }
    DbSet<Cart> Carts { get; }
    DbSet<CartItem> CartItems { get; }
    DbSet<Order> Orders { get; }
    DbSet<OrderLine> OrderLines { get; }
    DbSet<IdempotencyRecord> IdempotencyRecords { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
