using Microsoft.Extensions.Options;
using Shop.Application.Common.Options;

namespace Shop.Infrastructure.Persistence;

/// <summary>The <c>Seed</c> section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public string AdminEmail { get; set; } = "admin@shop.local";

    /// <summary>When empty: generated and printed once in Development; elsewhere no admin is created.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>When true, with <see cref="AdminPassword"/> set: the existing admin account <see cref="AdminEmail"/> gets that
    /// password at start-up (the way back from a lost password). Remove it again after that start.</summary>
    public bool ResetAdminPassword { get; set; }

    /// <summary>Seed categories and products into an empty catalogue (default: on in Development).</summary>
    public bool? SampleCatalog { get; set; }
}

public sealed class SeedOptionsValidator : IValidateOptions<SeedOptions>
{
    public ValidateOptionsResult Validate(string? name, SeedOptions options)
    {
        var errors = new OptionErrors(SeedOptions.Section).Required(nameof(SeedOptions.AdminEmail), options.AdminEmail);
        if (options.AdminPassword is { Length: > 0 and < 8 })
        {
            errors.Fail(nameof(SeedOptions.AdminPassword), "must be at least 8 characters, like every password");
        }

        return errors.Result();
    }
}
