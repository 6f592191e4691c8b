namespace Shop.Application.Common;

/// <summary>
/// Case-insensitive "contains" that runs the same on every provider: compare <c>lower(column)</c> with a
/// lower-cased LIKE pattern whose wildcards are escaped, e.g.
/// <c>EF.Functions.Like(p.Name.ToLower(), pattern, TextSearch.EscapeCharacter)</c>.
/// </summary>
public static class TextSearch
{
    public const int MaxLength = 100;
    public const string EscapeCharacter = "\\";

    /// <summary>"50%_off" → "%50\%\_off%" (lower case).</summary>
    public static string ContainsPattern(string text)
    {
        var lowered = text.Trim().ToLowerInvariant();
        var escaped = lowered
            .Replace(EscapeCharacter, EscapeCharacter + EscapeCharacter, StringComparison.Ordinal)
            .Replace("%", EscapeCharacter + "%", StringComparison.Ordinal)
            .Replace("_", EscapeCharacter + "_", StringComparison.Ordinal)
            .Replace("[", EscapeCharacter + "[", StringComparison.Ordinal); // a character class on SQL Server
        return "%" + escaped + "%";
    }
}
