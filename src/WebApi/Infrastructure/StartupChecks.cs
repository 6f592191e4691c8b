using Microsoft.Extensions.Options;

namespace Shop.WebApi.Infrastructure;

public static class StartupChecks
{
    /// <summary>Runs every options validator registered to run at start, before the host starts (and before it
    /// would log the failure with a stack trace); returns each failure as one sentence.</summary>
    public static List<string> InvalidSettings(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException invalid)
        {
            return [.. invalid.Failures];
        }
        catch (AggregateException many) when (many.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)];
        }
    }
}
