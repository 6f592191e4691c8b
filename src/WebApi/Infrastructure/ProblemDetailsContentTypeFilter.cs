using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// Problem details produced inside MVC (invalid model state, 404, 415 and other client errors) are written by
/// the one problem writer (<see cref="ShopProblemDetailsWriter"/>), not by MVC's output formatters, so they
/// look the same as every other problem whatever the request's <c>Accept</c> header.
/// </summary>
public sealed class ProblemDetailsContentTypeFilter : IAlwaysRunResultFilter, IOrderedFilter
{
    public const string MediaType = ShopProblemDetailsWriter.MediaType;

    public int Order => 1000;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: ProblemDetails problem } result)
        {
            problem.Status ??= result.StatusCode;
            context.Result = new ProblemResult(problem);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
