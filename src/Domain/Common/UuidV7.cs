namespace Shop.Domain.Common;

/// <summary>Time-ordered ids (RFC 9562 version 7): index friendly, and the creation time can be read back.</summary>
public static class UuidV7
{
    public static Guid New(DateTimeOffset now) => Guid.CreateVersion7(now);

    /// <summary>The millisecond timestamp a version-7 id was created at.</summary>
    public static DateTimeOffset Timestamp(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        long ms = 0;
        for (var i = 0; i < 6; i++)
        {
            ms = (ms << 8) | bytes[i];
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
