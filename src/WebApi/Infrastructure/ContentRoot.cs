namespace Shop.WebApi.Infrastructure;

/// <summary>
/// The content root (where appsettings.json and a relative SQLite file live) is the working directory by
/// default. Started from anywhere else (<c>dotnet /opt/shop/Shop.WebApi.dll</c> from <c>/</c>), the API
/// would find no settings and no log sink; then the application's own folder is used instead.
/// </summary>
public static class ContentRoot
{
    public const string SettingsFile = "appsettings.json";

    public static void UseApplicationFolder(string[] args)
    {
        var explicitlySet = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (Choose(Directory.GetCurrentDirectory(), AppContext.BaseDirectory, explicitlySet) is { } folder)
        {
            Directory.SetCurrentDirectory(folder);
        }
    }

    /// <summary>The folder to move to, or null to stay: stay when the root was set explicitly or the
    /// working directory has the settings; move to the application's folder when it has them.</summary>
    public static string? Choose(string workingDirectory, string applicationFolder, bool explicitlySet) =>
        explicitlySet
        || File.Exists(Path.Combine(workingDirectory, SettingsFile))
        || !File.Exists(Path.Combine(applicationFolder, SettingsFile))
            ? null
            : applicationFolder;
}
