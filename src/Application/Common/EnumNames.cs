using System.Text.Json;

namespace Shop.Application.Common;

/// <summary>Enums as the API spells them: the snake_case lower-case member name, nothing else
/// (no numbers, no other casing), so "1" or "Paid" is a 400 rather than a surprise.</summary>
public static class EnumNames
{
    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(Name).ToArray();

    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static T Parse<T>(string name)
        where T : struct, Enum =>
        TryParse<T>(name, out var value) ? value : throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown value.");
}
