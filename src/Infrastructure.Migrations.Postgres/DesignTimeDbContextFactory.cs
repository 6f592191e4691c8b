using Microsoft.EntityFrameworkCore.Design;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the model for this provider; the connection string is never opened.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ShopDbContext>
{
    public ShopDbContext CreateDbContext(string[] args) =>
        new(ShopDbContextOptions.Build(DatabaseProvider.Postgres, "Host=localhost;Database=shop;Username=shop;Password=design-time"));
}
