using Shop.Application.Common.Interfaces;
using Shop.Domain.Common;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// Ids that follow time in the provider's own index order: version 7 where bytes compare first to last
/// (PostgreSQL, SQLite), the timestamp in the last six bytes on SQL Server, whose <c>uniqueidentifier</c>
/// compares those first. Either way the creation time can be read back (<see cref="UuidV7.Timestamp"/>).
/// </summary>
public sealed class TimeOrderedIdGenerator(DatabaseProvider provider) : IIdGenerator
{
    private readonly Func<DateTimeOffset, Guid> _new = provider == DatabaseProvider.SqlServer ? UuidV7.NewTimeLast : UuidV7.New;

    public Guid New(DateTimeOffset now) => _new(now);
}
