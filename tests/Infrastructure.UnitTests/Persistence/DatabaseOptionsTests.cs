using Microsoft.Data.SqlClient;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.UnitTests.Persistence;

public sealed class DatabaseOptionsTests
{
    [Fact]
    public void APasswordFromASecret_IsSetIntoTheConnectionString()
    {
        var options = new DatabaseOptions { Password = "from a secret file" };

        var connectionString = options.WithPassword("Server=sqlserver,1433;Database=shop;User Id=shop;Pool Blocking Period=NeverBlock");

        var parsed = new SqlConnectionStringBuilder(connectionString);
        Assert.Equal("from a secret file", parsed.Password);
        Assert.Equal("shop", parsed.UserID);
        Assert.Equal(PoolBlockingPeriod.NeverBlock, parsed.PoolBlockingPeriod);
    }

    [Fact]
    public void WithoutAPassword_TheConnectionStringIsLeftAsIs() =>
        Assert.Equal("Data Source=shop.db", new DatabaseOptions().WithPassword("Data Source=shop.db"));
}
