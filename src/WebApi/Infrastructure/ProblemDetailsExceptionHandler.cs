using System.Data.Common;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Exceptions;
using Shop.Domain.Common;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// The one place where failures become responses: expected ones get the contract's status code and a
/// message meant for the client; anything else is a plain 500 with a trace id and no internals.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem is null)
        {
            return false;
        }

        if (problem.Status >= 500)
        {
            LogServerError(logger, exception.GetType().Name, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        if (exception is TooManyRequestsException tooMany)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(tooMany.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails? Map(Exception exception) => exception switch
    {
        ValidationException validation => new HttpValidationProblemDetails(
            validation.Errors
                .GroupBy(e => e.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        },
        UnauthorizedException e => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", e.Message),
        ForbiddenException e => Problem(StatusCodes.Status403Forbidden, "Forbidden", e.Message),
        NotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
        ConflictException e => WithExtensions(Problem(StatusCodes.Status409Conflict, "Conflict", e.Message), e.Extensions),
        DomainException e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message),
        PreconditionFailedException e => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", e.Message),
        PreconditionRequiredException e => Problem(StatusCodes.Status428PreconditionRequired, "Precondition required", e.Message),
        TooManyRequestsException e => Problem(StatusCodes.Status429TooManyRequests, "Too many requests", e.Message),
        BadHttpRequestException e => Problem(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload too large" : "Bad request", null),
        DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "Conflict", "The resource was changed by another request; try again."),
        _ when IsUnstorableValue(exception) => Problem(StatusCodes.Status400BadRequest, "Bad request", "A value in the request cannot be stored."),
        _ when IsDatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The database is unavailable; try again shortly."),
        OperationCanceledException => null,
        _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred.", null),
    };

    /// <summary>A failure to reach or use the database, as opposed to a bug: the client may retry.</summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbUpdateException { InnerException: DbException inner } when IsConstraintViolation(inner):
                    return false;
                case DbException or TimeoutException or System.Net.Sockets.SocketException:
                    return true;
                case InvalidOperationException when e.Message.Contains("transient failure", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }

        return false;
    }

    /// <summary>The database refused a value the request carried (PostgreSQL's data exceptions, class 22: a NUL
    /// character, a string too long, a number out of range): the client's input, not an outage.</summary>
    public static bool IsUnstorableValue(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { SqlState: { } state } && state.StartsWith("22", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConstraintViolation(DbException e) =>
        e.SqlState is { } state && state.StartsWith("23", StringComparison.Ordinal) // PostgreSQL integrity constraint class
        || e.GetType().Name == "SqliteException" && e.ErrorCode == 19 // SQLITE_CONSTRAINT
        || e.GetType().Name == "SqlException" && e.ErrorCode is 2601 or 2627 or 547;

    private static ProblemDetails Problem(int status, string title, string? detail) =>
        new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails WithExtensions(ProblemDetails problem, IReadOnlyDictionary<string, object?> extensions)
    {
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{ExceptionType} while handling {Method} {Path}")]
    private static partial void LogServerError(ILogger logger, string exceptionType, string method, PathString path, Exception exception);
}
