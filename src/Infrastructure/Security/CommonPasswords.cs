using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Security;

/// <summary>
/// The 10,000 most common passwords, from <c>common-passwords.txt</c> embedded in this assembly (its first
/// line names the source and licence). Loaded once, on first use; compared without regard to case, so
/// "Password1" is as refused as "password1".
/// </summary>
public sealed class CommonPasswords : ICommonPasswords
{
    public const string ResourceName = "Shop.Infrastructure.Security.common-passwords.txt";

    private static readonly Lazy<HashSet<string>> List = new(Load);

    public static int Count => List.Value.Count;

    public bool IsCommon(string password) => List.Value.Contains(password);

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                passwords.Add(line);
            }
        }

        return passwords;
    }
}
