using System.Data.SqlTypes;
using Shop.Domain.Auth;
using Shop.Domain.Common;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.UnitTests.Persistence;

public sealed class TimeOrderedIdTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>2,000 ids over 500 ms (four in each millisecond), in a random order.</summary>
    private static List<(Guid Id, DateTimeOffset At)> Generate(Func<DateTimeOffset, Guid> next)
    {
        var ids = Enumerable.Range(0, 2000)
            .Select(i => Start.AddMilliseconds(i / 4))
            .Select(at => (Id: next(at), At: at))
            .ToList();
        return [.. ids.OrderBy(_ => Random.Shared.Next())];
    }

    private static List<DateTimeOffset> TimesInSqlServerOrder(IEnumerable<(Guid Id, DateTimeOffset At)> ids) =>
        [.. ids.OrderBy(x => new SqlGuid(x.Id)).Select(x => x.At)];

    [Fact]
    public void SqlServerIds_SortByTime_TheWaySqlServerComparesUniqueidentifier()
    {
        var generator = new TimeOrderedIdGenerator(DatabaseProvider.SqlServer);

        var times = TimesInSqlServerOrder(Generate(generator.New));

        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public void VersionSevenIds_DoNotSortByTime_OnSqlServer()
    {
        // Why SQL Server needs its own layout: plain version-7 ids land in random places of its index.
        var times = TimesInSqlServerOrder(Generate(UuidV7.New));

        Assert.NotEqual(times.Order(), times);
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public void OtherProviders_GetVersionSevenIds_ThatSortByTimeAsBytesAndText(DatabaseProvider provider)
    {
        var generator = new TimeOrderedIdGenerator(provider);
        var ids = Generate(generator.New);

        Assert.All(ids, x => Assert.Equal(7, x.Id.Version));
        var byText = ids.OrderBy(x => x.Id.ToString(), StringComparer.Ordinal).Select(x => x.At).ToList();
        Assert.Equal(byText.Order(), byText);
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer, 8)]
    [InlineData(DatabaseProvider.Postgres, 7)]
    public void EveryLayout_CarriesItsCreationTime_AndTheRfcVariant(DatabaseProvider provider, int version)
    {
        var generator = new TimeOrderedIdGenerator(provider);
        var at = Start.AddMilliseconds(123);

        var id = generator.New(at);

        Assert.Equal(version, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        Assert.Equal(at, UuidV7.Timestamp(id));
    }

    [Fact]
    public void SqlServerIds_AreUnique()
    {
        var generator = new TimeOrderedIdGenerator(DatabaseProvider.SqlServer);

        var ids = Enumerable.Range(0, 100_000).Select(_ => generator.New(Start)).ToHashSet();

        Assert.Equal(100_000, ids.Count);
    }

    [Fact]
    public void Session_RefusesAnIdMadeAtAnotherTime_BecauseRevocationReadsTheTimeFromIt()
    {
        var id = UuidV7.NewTimeLast(Start.AddSeconds(-1));

        Assert.Throws<ArgumentException>(() => Session.Start(Guid.CreateVersion7(), Start, TimeSpan.FromDays(7), null, null, id: id));
        Assert.Equal(Start, UuidV7.Timestamp(Session.Start(Guid.CreateVersion7(), Start, TimeSpan.FromDays(7), null, null, id: UuidV7.NewTimeLast(Start)).Id));
    }
}
