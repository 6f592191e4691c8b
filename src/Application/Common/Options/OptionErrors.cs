using System.Globalization;
using Microsoft.Extensions.Options;

namespace Shop.Application.Common.Options;

/// <summary>
/// Collects what is wrong with one configuration section, each failure one sentence that names the key
/// as it is set (<c>Section:Key</c>, or <c>Section__Key</c> in the environment) and what it may be.
/// Nothing is clamped or corrected silently: a bad value stops the API at start.
/// </summary>
public sealed class OptionErrors(string section)
{
    private readonly List<string> _failures = [];

    public OptionErrors Range(string key, double value, double min, double max, string? unit = null)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            Fail(key, $"must be between {Number(min)} and {Number(max)}{(unit is null ? "" : " " + unit)} (it is {Number(value)})");
        }

        return this;
    }

    public OptionErrors Required(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(key, "must be set");
        }

        return this;
    }

    public OptionErrors Fail(string key, string what)
    {
        _failures.Add($"'{section}:{key}' (environment variable {section}__{key.Replace(":", "__", StringComparison.Ordinal)}) {what}.");
        return this;
    }

    public ValidateOptionsResult Result() =>
        _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
