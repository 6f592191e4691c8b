namespace Shop.Application.Security.Common;

internal static class AuditText
{
    /// <summary>A time as the API writes it (ISO-8601 UTC, "Z"), for audit details.</summary>
    public static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"1 session revoked", "3 sessions revoked": a count in audit details, read by people.</summary>
    public static string SessionsRevoked(int count, string what = "session") =>
        $"{count} {what}{(count == 1 ? "" : "s")} revoked";
}
