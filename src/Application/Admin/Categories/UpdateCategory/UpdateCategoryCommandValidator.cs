using FluentValidation;
using Shop.Application.Admin.Categories.Common;

namespace Shop.Application.Admin.Categories.UpdateCategory;

public sealed class UpdateCategoryCommandValidator : AbstractValidator<UpdateCategoryCommand>
{
    public UpdateCategoryCommandValidator() => this.AddCategoryRules();
}
