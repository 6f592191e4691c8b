using Scalar.AspNetCore;
using Serilog;
using Shop.Application;
using Shop.Infrastructure;
using Shop.WebApi;
using Shop.WebApi.Infrastructure;

ContentRoot.UseApplicationFolder(args); // appsettings.json is found wherever the API is started from
var builder = WebApplication.CreateBuilder(args);
// Secrets mounted as files (docker compose secrets): /run/secrets/Jwt__SigningKey is Jwt:SigningKey.
builder.Configuration.AddKeyPerFile("/run/secrets", optional: true);

JwtAuthentication.UseRandomSigningKeyInDevelopment(builder);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false); // no "Server: Kestrel"
var hasSinks = builder.Configuration.GetSection("Serilog:WriteTo").GetChildren().Any();
builder.Services.AddSerilog(
    (services, logger) =>
    {
        logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext();
        if (!hasSinks)
        {
            logger.WriteTo.Console(); // without appsettings.json (or its WriteTo) the API still logs
        }
    },
    preserveStaticLogger: true); // each host logs through its own logger, not the process-wide static one

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration, builder.Environment)
    .AddWebApi(builder.Configuration, builder.Environment);

var app = builder.Build();
if (AdminCommandLine.IsCommand(args))
{
    // `admin set-password <email>`: runs against the configured database and exits; no web server starts.
    return await AdminCommandLine.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error);
}

if (StartupChecks.InvalidSettings(app.Services) is { Count: > 0 } invalid)
{
    // A setting out of its range: one line each, naming the key, no stack trace, a non-zero exit code.
    invalid.ForEach(failure => Console.Error.WriteLine($"The API cannot start: {failure}"));
    return 1;
}

app.UseForwardedHeaders(); // first: everything after sees the client's address, not the proxy's
// Method, path (no query string), status, time: never a body or header. Outside the exception handler, so
// it logs the status the client got. The app's own logger, not the static one, so that several hosts in
// one process (tests) each log their own requests.
app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
app.UseSecurityHeaders(); // nosniff everywhere, no-store on personal data, even on error answers

// CORS before anything that may answer early (exception handler, rate limiter, body limit, authentication):
// a browser reads a 413, 429 or 401 only when it carries the CORS headers, and a preflight is answered here,
// never counted by the per-IP limiter.
app.UseCors(Shop.WebApi.DependencyInjection.CorsPolicy);
app.UseExceptionHandler();
app.UseStatusCodePages();

// Hostile input and brute force, before anything reads a body: per-IP limit on /api/v1/auth/*, body caps.
app.UseAuthRateLimiter();
app.UseRequestBodyLimits();

// The public catalogue's cached answers, the same for every caller: before authentication, so a token is not
// even read on a hit; only the catalogue's endpoints are cached (Infrastructure/CatalogPageCache.cs).
app.UseCatalogPageCache();

app.UseAuthentication();
app.UseAuthorization();
app.UseMetricsGuard(); // /metrics only with the scrape token
app.UseMfaEnrollmentGate(); // Auth:RequireMfaForRoles: /api/v1/admin/** needs a second factor for those roles
app.UseWebPages(); // the storefront and admin shells and their assets: only what no endpoint answers

app.MapControllers();
app.MapOperations(); // /health/live, /health/ready, /metrics
app.MapOpenApi(OpenApiDocumentation.DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal)); // every environment
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.Run();
return 0;

/// <summary>Entry point, visible to the functional tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
