using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// Problem details produced inside MVC (invalid model state, 415 and other client errors) keep the
/// <c>application/problem+json</c> media type. Runs after <c>[Produces("application/json")]</c>, which would
/// otherwise turn every object result, problems included, into plain <c>application/json</c>.
/// </summary>
public sealed class ProblemDetailsContentTypeFilter : IAlwaysRunResultFilter, IOrderedFilter
{
    public const string MediaType = "application/problem+json";

    public int Order => 1000;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: ProblemDetails } result)
        {
            result.ContentTypes.Clear();
            result.ContentTypes.Add(MediaType);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
