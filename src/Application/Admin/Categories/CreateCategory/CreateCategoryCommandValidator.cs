using FluentValidation;
using Shop.Application.Admin.Categories.Common;

namespace Shop.Application.Admin.Categories.CreateCategory;

public sealed class CreateCategoryCommandValidator : AbstractValidator<CreateCategoryCommand>
{
    public CreateCategoryCommandValidator() => this.AddCategoryRules();
}
