using Microsoft.EntityFrameworkCore.Design;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for this provider; the connection string is never opened.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ShopDbContext>
{
    public ShopDbContext CreateDbContext(string[] args) =>
        new(ShopDbContextOptions.Build(DatabaseProvider.Sqlite, "Data Source=design-time.db"));
}
