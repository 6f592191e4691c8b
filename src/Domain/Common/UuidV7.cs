namespace Shop.Domain.Common;

/// <summary>
/// Time-ordered ids: index friendly, and the creation time can be read back. Two layouts of the same
/// 48-bit millisecond timestamp and random bits:
/// <list type="bullet">
/// <item>RFC 9562 version 7 (<see cref="New"/>): the timestamp in the first six bytes, so ids sort by time
/// wherever bytes or text are compared in order (PostgreSQL <c>uuid</c>, SQLite text, .NET).</item>
/// <item>Time last (<see cref="NewTimeLast"/>, an RFC 9562 version 8, vendor-specific, id): the timestamp in
/// the last six bytes, which SQL Server's <c>uniqueidentifier</c> compares first, so ids sort by time in a
/// SQL Server index. It is a version-7 id with its first and last six bytes swapped.</item>
/// </list>
/// </summary>
public static class UuidV7
{
    public static Guid New(DateTimeOffset now) => Guid.CreateVersion7(now);

    /// <summary>A time-ordered id for SQL Server: the timestamp where <c>uniqueidentifier</c> comparison starts.</summary>
    public static Guid NewTimeLast(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7(now).TryWriteBytes(bytes, bigEndian: true, out _);
        Span<byte> timestamp = stackalloc byte[6];
        bytes[..6].CopyTo(timestamp);
        bytes[10..].CopyTo(bytes);
        timestamp.CopyTo(bytes[10..]);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8; the variant bits in byte 8 stay
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The millisecond timestamp a time-ordered id (either layout) was created at.</summary>
    public static DateTimeOffset Timestamp(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var start = id.Version == 8 ? 10 : 0;
        long ms = 0;
        for (var i = start; i < start + 6; i++)
        {
            ms = (ms << 8) | bytes[i];
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
