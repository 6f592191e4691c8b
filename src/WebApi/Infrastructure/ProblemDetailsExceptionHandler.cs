using System.Data.Common;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Common;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// The one place where failures become responses: expected ones get the contract's status code and a
/// message meant for the client; anything else is a plain 500 with a trace id and no internals.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(
    IDatabaseErrors databaseErrors,
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

        await Problems.WriteAsync(httpContext, problem, (exception as TooManyRequestsException)?.RetryAfter);
        return true;
    }

    private ProblemDetails? Map(Exception exception) => exception switch
    {
        ValidationException validation => Problems.Validation(
            validation.Errors
                .GroupBy(e => e.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
        InvalidValueException e => Problems.Validation(new Dictionary<string, string[]> { [e.Field] = [e.Message] }),
        UnauthorizedException e => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", e.Message),
        ForbiddenException e => WithExtensions(Problem(StatusCodes.Status403Forbidden, "Forbidden", e.Message), e.Extensions),
        NotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
        ConflictException e => WithExtensions(Problem(StatusCodes.Status409Conflict, "Conflict", e.Message), e.Extensions),
        DomainException e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message),
        PreconditionFailedException e => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", e.Message),
        PreconditionRequiredException e => Problem(StatusCodes.Status428PreconditionRequired, "Precondition required", e.Message),
        TooManyRequestsException e => Problem(StatusCodes.Status429TooManyRequests, "Too many requests", e.Message),
        BadHttpRequestException e => Problem(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload too large" : "Bad request", null),
        DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "Conflict", "The resource was changed by another request; try again."),
        _ when databaseErrors.Classify(exception) is DatabaseFailure.UnstorableValue => Problem(StatusCodes.Status400BadRequest, "Bad request", "A value in the request cannot be stored."),
        _ when databaseErrors.Classify(exception) is DatabaseFailure.Unavailable => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The database is unavailable; try again shortly."),
        OperationCanceledException => null,
        _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred.", null),
    };

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
