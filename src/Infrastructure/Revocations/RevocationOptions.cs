using Microsoft.Extensions.Options;
using Shop.Application.Common.Options;

namespace Shop.Infrastructure.Revocations;

/// <summary>The <c>Revocation</c> section.</summary>
public sealed class RevocationOptions
{
    public const string Section = "Revocation";

    /// <summary>How often each instance reads new revocations from the database (the bound on staleness without Redis).</summary>
    public double PollIntervalSeconds { get; set; } = 2;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollIntervalSeconds);
}

public sealed class RevocationOptionsValidator : IValidateOptions<RevocationOptions>
{
    public ValidateOptionsResult Validate(string? name, RevocationOptions options) =>
        new OptionErrors(RevocationOptions.Section)
            .Range(nameof(RevocationOptions.PollIntervalSeconds), options.PollIntervalSeconds, 0.05, 60, "seconds")
            .Result();
}
