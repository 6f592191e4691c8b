namespace Shop.Application.Common.Options;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Live sessions per user; a new login ends the least recently used beyond this.</summary>
    public int MaxSessionsPerUser { get; set; } = 100;
}
