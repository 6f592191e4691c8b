using FluentValidation;
using Shop.Application.Admin.Products.Common;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Products.CreateProduct;

public sealed class CreateProductCommandValidator : AbstractValidator<CreateProductCommand>
{
    public CreateProductCommandValidator()
    {
        RuleFor(c => c.Name).ValidName();
        RuleFor(c => c.Description).ValidDescription();
        RuleFor(c => c.Price).ValidPrice();
        RuleFor(c => c.Stock).InclusiveBetween(0, Product.MaxStock);
        RuleFor(c => c.CategoryId).NotEmpty();
    }
}
