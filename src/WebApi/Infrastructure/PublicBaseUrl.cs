using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;

namespace Shop.WebApi.Infrastructure;

/// <summary>The <c>App</c> section.</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The storefront's public address, used in email links. Required outside Development: a link
    /// built from the request's Host header could point a reset email at an attacker's site.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>Refuses to start outside Development without an absolute http(s) <c>App:PublicBaseUrl</c>, naming the setting.</summary>
public sealed class AppOptionsValidator(IHostEnvironment environment) : IValidateOptions<AppOptions>
{
    public ValidateOptionsResult Validate(string? name, AppOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("App:PublicBaseUrl (App__PublicBaseUrl) is required outside Development: the storefront's public address, used in email links.");
        }

        return Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("App:PublicBaseUrl must be an absolute http or https address, e.g. https://shop.example.");
    }
}

/// <summary><c>App:PublicBaseUrl</c>, or in Development without it, the request's own origin.</summary>
public sealed class PublicBaseUrl(IOptions<AppOptions> options, IHttpContextAccessor accessor) : IPublicBaseUrl
{
    public string Value
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl))
            {
                return options.Value.PublicBaseUrl.TrimEnd('/');
            }

            var request = accessor.HttpContext?.Request;
            return request is null ? "http://localhost:5000" : $"{request.Scheme}://{request.Host}";
        }
    }
}
