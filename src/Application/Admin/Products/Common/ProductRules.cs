using FluentValidation;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Products.Common;

public static class ProductRules
{
    public static void ValidName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(Product.MaxNameLength);

    public static void ValidDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Product.MaxDescriptionLength);

    public static void ValidPrice<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.GreaterThan(0).LessThanOrEqualTo(Product.MaxPrice)
            .Must(p => decimal.Round(p, 2) == p).WithMessage("'price' has at most two decimal places.");
}
