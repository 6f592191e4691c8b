namespace Shop.Application.Common.Interfaces;

/// <summary>
/// New time-ordered ids for rows, in the layout the database indexes in time order (see
/// <see cref="Shop.Domain.Common.UuidV7"/>): inserts append to the end of every primary key.
/// </summary>
public interface IIdGenerator
{
    Guid New(DateTimeOffset now);
}
