using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// The one writer of problem details. Every problem the API answers (the exception handler, invalid model
/// state, MVC's own 404/415, the JWT challenge, the rate limiter, the body limit, status-code pages) is
/// written here, whatever the request's <c>Accept</c> header says: <c>application/problem+json</c> with
/// <c>type</c>, <c>title</c>, <c>status</c>, <c>trace_id</c>, and <c>errors</c> on validation problems.
/// </summary>
public sealed class ShopProblemDetailsWriter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public const string MediaType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Type ??= Problems.TypeFor(problem.Status.Value);
        if (problem.Title is null || problem.Title == ReasonPhrases.GetReasonPhrase(problem.Status.Value))
        {
            problem.Title = Problems.TitleFor(problem.Status.Value); // the framework's defaults ("Not Found") read as ours
        }

        problem.Extensions.Remove("traceId");
        problem.Extensions["trace_id"] = Activity.Current?.Id ?? http.TraceIdentifier;

        http.Response.ContentType = MediaType;
        var type = problem is HttpValidationProblemDetails ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
        return new ValueTask(JsonSerializer.SerializeAsync(http.Response.Body, problem, type, json.Value.SerializerOptions, http.RequestAborted));
    }
}

/// <summary>Writes a problem through <see cref="IProblemDetailsService"/>; the status codes' titles and types.</summary>
public static class Problems
{
    public static ValueTask WriteAsync(HttpContext context, int status, string? detail, TimeSpan? retryAfter = null) =>
        WriteAsync(context, new ProblemDetails { Status = status, Detail = detail }, retryAfter);

    public static ValueTask WriteAsync(HttpContext context, ProblemDetails problem, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        });
    }

    public static HttpValidationProblemDetails Validation(IDictionary<string, string[]> errors) =>
        new(errors) { Status = StatusCodes.Status400BadRequest, Title = "One or more validation errors occurred." };

    public static string TitleFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        406 => "Not acceptable",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Payload too large",
        415 => "Unsupported media type",
        428 => "Precondition required",
        429 => "Too many requests",
        503 => "Service unavailable",
        500 => "An unexpected error occurred.",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
    };

    public static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        406 => "https://tools.ietf.org/html/rfc9110#section-15.5.7",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        412 => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        428 => "https://tools.ietf.org/html/rfc6585#section-3",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "about:blank",
    };
}

/// <summary>An MVC result that hands a problem to the one writer instead of MVC's output formatters.</summary>
public sealed class ProblemResult(ProblemDetails problem) : IActionResult
{
    public ProblemDetails Problem { get; } = problem;

    public Task ExecuteResultAsync(ActionContext context) => Problems.WriteAsync(context.HttpContext, Problem).AsTask();
}
