using FluentValidation;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Products.AdjustStock;

public sealed class AdjustStockCommandValidator : AbstractValidator<AdjustStockCommand>
{
    public AdjustStockCommandValidator()
    {
        RuleFor(c => c.Delta).NotEqual(0).InclusiveBetween(-Product.MaxStock, Product.MaxStock);
    }
}
