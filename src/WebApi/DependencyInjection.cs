using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Common.Interfaces;
using Shop.WebApi.Controllers;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi;

public static class DependencyInjection
{
    public const string CorsPolicy = "shop-clients";

    /// <summary>How long a browser may reuse a preflight's answer (Chromium caps it at 2 hours).</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddWebApi(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddOptions<AppOptions>().Bind(configuration.GetSection(AppOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AppOptions>, AppOptionsValidator>();
        services.AddSingleton<IPublicBaseUrl, PublicBaseUrl>();

        services.AddControllers(options =>
            {
                options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            })
            .AddJsonOptions(options =>
            {
                JsonDefaults.Apply(options.JsonSerializerOptions);
                options.AllowInputFormatterExceptionMessages = false; // no type names in error messages
            })
            .ConfigureApiBehaviorOptions(options =>
            {
                options.InvalidModelStateResponseFactory = context =>
                {
                    var errors = context.ModelState
                        .Where(e => e.Value is { Errors.Count: > 0 })
                        .ToDictionary(
                            e => FieldName(e.Key),
                            e => e.Value!.Errors.Select(x => string.IsNullOrEmpty(x.ErrorMessage) ? "The value is not valid." : x.ErrorMessage).ToArray());
                    return new ProblemResult(Problems.Validation(errors));
                };
            });

        // One writer for every problem (see ShopProblemDetailsWriter). IProblemDetailsService asks its writers in the
        // order they were registered and MVC registered its own already: ours goes first, and always answers.
        services.AddProblemDetails();
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, ShopProblemDetailsWriter>());

        // The JSON options of everything outside MVC (problem details, the OpenAPI document): the same as MVC's.
        services.ConfigureHttpJsonOptions(options => JsonDefaults.Apply(options.SerializerOptions));
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddJwtAuthentication();
        services.AddShopAuthorization();

        // Hostile input and brute force: body caps (16 KiB auth, 1 MiB elsewhere), per-IP limit on /api/v1/auth/*,
        // problem+json kept on the problems MVC makes itself (400 model state, 415), no NUL in any JSON string.
        services.AddRequestBodyLimits();
        services.AddAuthRateLimiting(configuration);
        services.Configure<MvcOptions>(options => options.Filters.Add(new ProblemDetailsContentTypeFilter()));
        services.Configure<JsonOptions>(options => options.JsonSerializerOptions.Converters.Add(new NoNulStringConverter()));

        services.AddCatalogPageCache(); // after AddInfrastructure: replaces its catalogue page cache
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        services.AddShopOpenApi();
        services.AddWebPages();
        services.AddOperations(configuration);

        // Credentials (the shop_refresh cookie) only for the configured origins; X-Requested-With marks a request
        // as made by the pages' script (see CookieCsrfGuardAttribute).
        var origins = new BrowserOrigins(configuration, environment);
        services.AddSingleton(origins);
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy =>
            policy.WithOrigins([.. origins.Cors])
                .AllowCredentials()
                .WithHeaders("Authorization", "Content-Type", "If-Match", "Idempotency-Key", CookieCsrfGuardAttribute.RequestedWithHeader)
                .WithExposedHeaders("ETag", "Location", "Retry-After", "WWW-Authenticate", OrdersController.ReplayedHeader)
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .SetPreflightMaxAge(PreflightMaxAge)));
        return services;
    }

    /// <summary>"$.full_name" or "FullName" as the API names it: "full_name".</summary>
    private static string FieldName(string key)
    {
        var name = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key.TrimStart('$');
        return name.Length == 0 ? "body" : JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
    }
}
