using FluentValidation;
using Shop.Application.Auth.Common;

namespace Shop.Application.Auth.ConfirmEmail;

public sealed class ConfirmEmailCommandValidator : AbstractValidator<ConfirmEmailCommand>
{
    public ConfirmEmailCommandValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(AccountTokenRules.MaxLength);
}
