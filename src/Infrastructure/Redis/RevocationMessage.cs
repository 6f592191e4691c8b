using System.Globalization;
using System.Text;
using Shop.Domain.Auth;

namespace Shop.Infrastructure.Redis;

/// <summary>
/// The compact text form of revocations on the Redis channel: a header line <c>r1 {origin}</c>, then one
/// line per revocation <c>{kind} {subject|-} {cutoff ticks} {created ticks}</c> (UTC ticks, the precision
/// the database keeps), followed by <c> {spared session}</c> when a user revocation spares one session.
/// Nothing secret travels: session and user ids only.
/// </summary>
public static class RevocationMessage
{
    private const string Version = "r1";

    public sealed record Item(RevocationKind Kind, Guid? SubjectId, DateTimeOffset Cutoff, DateTimeOffset CreatedAt, Guid? ExceptSessionId = null);

    public static string Encode(Guid origin, IEnumerable<Revocation> revocations)
    {
        var text = new StringBuilder(Version).Append(' ').Append(origin.ToString("N"));
        foreach (var r in revocations)
        {
            text.Append('\n')
                .Append(((int)r.Kind).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(r.SubjectId is { } id ? id.ToString("N") : "-").Append(' ')
                .Append(r.Cutoff.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(r.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
            if (r.ExceptSessionId is { } except)
            {
                text.Append(' ').Append(except.ToString("N"));
            }
        }

        return text.ToString();
    }

    /// <summary>Reads a message; false if it is not one (a malformed message is ignored whole).</summary>
    public static bool TryDecode(string? message, out Guid origin, out IReadOnlyList<Item> items)
    {
        origin = Guid.Empty;
        items = [];
        if (string.IsNullOrEmpty(message))
        {
            return false;
        }

        var lines = message.Split('\n');
        var header = lines[0].Split(' ');
        if (header.Length != 2 || header[0] != Version || !Guid.TryParseExact(header[1], "N", out origin))
        {
            return false;
        }

        var list = new List<Item>(lines.Length - 1);
        foreach (var line in lines.AsSpan(1))
        {
            var parts = line.Split(' ');
            Guid? except = null;
            if (parts.Length == 5)
            {
                if (!Guid.TryParseExact(parts[4], "N", out var spared))
                {
                    return false;
                }

                except = spared;
            }

            if (parts.Length is not (4 or 5)
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kind)
                || !Enum.IsDefined((RevocationKind)kind)
                || !TryTicks(parts[2], out var cutoff)
                || !TryTicks(parts[3], out var created))
            {
                return false;
            }

            Guid? subject = null;
            if (parts[1] != "-")
            {
                if (!Guid.TryParseExact(parts[1], "N", out var id))
                {
                    return false;
                }

                subject = id;
            }

            list.Add(new Item((RevocationKind)kind, subject, cutoff, created, except));
        }

        items = list;
        return true;
    }

    private static bool TryTicks(string text, out DateTimeOffset value)
    {
        value = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
