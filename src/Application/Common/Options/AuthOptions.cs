using Microsoft.Extensions.Options;

namespace Shop.Application.Common.Options;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Live sessions per user; a new login ends the least recently used beyond this.</summary>
    public int MaxSessionsPerUser { get; set; } = 100;
}

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        new OptionErrors(AuthOptions.Section)
            .Range(nameof(AuthOptions.MaxSessionsPerUser), options.MaxSessionsPerUser, 1, 10_000, "sessions")
            .Result();
}
