using Scalar.AspNetCore;
using Serilog;
using Shop.Application;
using Shop.Infrastructure;
using Shop.Infrastructure.Security;
using Shop.WebApi;
using Shop.WebApi.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

JwtAuthentication.EnsureSigningKey(builder);
builder.Services.AddSerilog(
    (services, logger) => logger
        .ReadFrom.Configuration(builder.Configuration)
        .ReadFrom.Services(services)
        .Enrich.FromLogContext(),
    preserveStaticLogger: true); // each host logs through its own logger, not the process-wide static one

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration, builder.Environment)
    .AddWebApi(builder.Configuration, builder.Environment);

var app = builder.Build();
_ = app.Services.GetRequiredService<SigningKeys>(); // refuse to start with a missing or short key, naming the setting

app.UseForwardedHeaders(); // first: everything after sees the client's address, not the proxy's
// Method, path (no query string), status, time: never a body or header. Outside the exception handler, so
// it logs the status the client got. The app's own logger, not the static one, so that several hosts in
// one process (tests) each log their own requests.
app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());

// CORS before anything that may answer early (exception handler, rate limiter, body limit, authentication):
// a browser reads a 413, 429 or 401 only when it carries the CORS headers, and a preflight is answered here,
// never counted by the per-IP limiter.
app.UseCors(Shop.WebApi.DependencyInjection.CorsPolicy);
app.UseExceptionHandler();
app.UseStatusCodePages();

// Hostile input and brute force, before anything reads a body: per-IP limit on /api/v1/auth/*, body caps.
app.UseRateLimiter();
app.UseRequestBodyLimits();

app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapOperations(); // /health/live, /health/ready, /metrics
app.MapOpenApi(OpenApiDocumentation.DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal)); // every environment
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.Run();

/// <summary>Entry point, visible to the functional tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
