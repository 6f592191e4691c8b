using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using Serilog;
using Shop.Application;
using Shop.Infrastructure;
using Shop.WebApi;
using Shop.WebApi.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

JwtAuthentication.EnsureSigningKey(builder);
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext());

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration, builder.Environment)
    .AddWebApi(builder.Configuration, builder.Environment);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

// Hostile input and brute force, before anything reads a body: per-IP limit on /api/v1/auth/*, body caps.
app.UseRateLimiter();
app.UseRequestBodyLimits();

app.UseSerilogRequestLogging(); // method, path (no query string), status, time: never a body or header
app.UseCors(Shop.WebApi.DependencyInjection.CorsPolicy);
app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
if (app.Environment.IsDevelopment())
{
    app.MapOpenApi();
    app.MapScalarApiReference();
}

app.Run();

/// <summary>Entry point, visible to the functional tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
