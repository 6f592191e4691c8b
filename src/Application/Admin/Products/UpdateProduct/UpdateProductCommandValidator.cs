using FluentValidation;
using Shop.Application.Admin.Products.Common;

namespace Shop.Application.Admin.Products.UpdateProduct;

public sealed class UpdateProductCommandValidator : AbstractValidator<UpdateProductCommand>
{
    public UpdateProductCommandValidator()
    {
        RuleFor(c => c.Name).ValidName();
        RuleFor(c => c.Description).ValidDescription();
        RuleFor(c => c.Price).ValidPrice();
        RuleFor(c => c.CategoryId).NotEmpty();
    }
}
