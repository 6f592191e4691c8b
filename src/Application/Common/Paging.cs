using FluentValidation;

namespace Shop.Application.Common;

/// <summary>A page of a list, as every list route answers: <c>{items, page, page_size, total}</c>.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

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
