using FluentValidation;
using Shop.Application.Common;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Products.ListAdminProducts;

public sealed class ListAdminProductsQueryValidator : AbstractValidator<ListAdminProductsQuery>
{
    public ListAdminProductsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Q).MaximumLength(TextSearch.MaxLength);
        RuleFor(q => q.Status)
            .Must(s => s is null || EnumNames.TryParse<ProductStatus>(s, out _))
            .WithMessage($"'status' must be one of: {string.Join(", ", EnumNames.All<ProductStatus>())}.");
    }
}
