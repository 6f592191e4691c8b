using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Shop.Application.Common;

/// <summary>A page of a list, as every list route answers: <c>{items, page, page_size, total}</c>.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    /// <summary>The same page with each item shaped in memory (what SQL cannot translate, such as enum names).</summary>
    public PagedResult<TOut> Map<TOut>(Func<T, TOut> shape) => new([.. Items.Select(shape)], Page, PageSize, Total);
}

/// <summary>Implemented by list queries; <see cref="PagingRules"/> validates it.</summary>
public interface IPagedQuery
{
    int Page { get; }
    int PageSize { get; }
}

public static class PagingRules
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>page ≥ 1 and page_size 1..100; a page far past the end is simply empty.</summary>
    public static void AddPagingRules<T>(this AbstractValidator<T> validator)
        where T : IPagedQuery
    {
        validator.RuleFor(q => q.Page).GreaterThanOrEqualTo(1).LessThanOrEqualTo(1_000_000);
        validator.RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
    }

    public static int Skip(this IPagedQuery query) => (query.Page - 1) * query.PageSize;
}

public static class Paging
{
    /// <summary>
    /// The one way a list route reads a page: the total of <paramref name="ordered"/> (its filters, without the
    /// page), then the page's rows. The order must end in a unique key (the id), so pages never overlap.
    /// </summary>
    public static async Task<PagedResult<T>> ToPagedResultAsync<T>(this IQueryable<T> ordered, IPagedQuery query, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip(query.Skip()).Take(query.PageSize).ToListAsync(ct);
        return new PagedResult<T>(items, query.Page, query.PageSize, total);
    }

    /// <summary>
    /// <c>Skip(skip).Take(take)</c> with both numbers read from a closure, so EF Core sends them as parameters
    /// even inside a subquery, where it would otherwise inline them (one cached plan instead of one per page).
    /// </summary>
    public static IQueryable<T> SkipTakeAsParameters<T>(IQueryable<T> source, int skip, int take)
    {
        var window = new Window(skip, take);
        var holder = System.Linq.Expressions.Expression.Constant(window);
        var skipped = System.Linq.Expressions.Expression.Call(
            typeof(Queryable), nameof(Queryable.Skip), [typeof(T)], source.Expression,
            System.Linq.Expressions.Expression.Field(holder, nameof(Window.Skip)));
        var taken = System.Linq.Expressions.Expression.Call(
            typeof(Queryable), nameof(Queryable.Take), [typeof(T)], skipped,
            System.Linq.Expressions.Expression.Field(holder, nameof(Window.Take)));
        return source.Provider.CreateQuery<T>(taken);
    }

    private sealed class Window(int skip, int take)
    {
#pragma warning disable SA1401, CA1051 // fields, as a compiler closure has them: EF Core turns field reads on a constant into parameters
        public readonly int Skip = skip;
        public readonly int Take = take;
#pragma warning restore SA1401, CA1051
    }
}
