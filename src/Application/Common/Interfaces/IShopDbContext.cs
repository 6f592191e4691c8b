using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Common.Interfaces;

/// <summary>The database as the use cases see it. Handlers query it directly, no repository layer.</summary>
public interface IShopDbContext
{
    DbSet<User> Users { get; }
    DbSet<Session> Sessions { get; }
    DbSet<RefreshToken> RefreshTokens { get; }
    DbSet<Revocation> Revocations { get; }
    DbSet<SecurityEvent> SecurityEvents { get; }

    DatabaseFacade Database { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
