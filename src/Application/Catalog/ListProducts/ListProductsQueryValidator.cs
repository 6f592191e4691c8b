using FluentValidation;
using Shop.Application.Common;

namespace Shop.Application.Catalog.ListProducts;

public sealed class ListProductsQueryValidator : AbstractValidator<ListProductsQuery>
{
    public ListProductsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Q).MaximumLength(TextSearch.MaxLength);
        RuleFor(q => q.Category).MaximumLength(Domain.Catalog.Category.MaxSlugLength);
        // Like prices: SqlClient would round a third decimal away and match the wrong products.
        RuleFor(q => q.MinPrice).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Domain.Catalog.Product.MaxPrice)
            .Must(p => p is null || decimal.Round(p.Value, 2) == p).WithMessage("'min_price' has at most two decimal places.");
        RuleFor(q => q.MaxPrice).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Domain.Catalog.Product.MaxPrice)
            .Must(p => p is null || decimal.Round(p.Value, 2) == p).WithMessage("'max_price' has at most two decimal places.");
        RuleFor(q => q.MaxPrice).GreaterThanOrEqualTo(q => q.MinPrice)
            .When(q => q.MinPrice is not null && q.MaxPrice is not null)
            .WithMessage("'max_price' must not be less than 'min_price'.");
        RuleFor(q => q.Sort)
            .Must(s => s is null || ProductSort.All.Contains(s))
            .WithMessage($"'sort' must be one of: {string.Join(", ", ProductSort.All)}.");
    }
}
