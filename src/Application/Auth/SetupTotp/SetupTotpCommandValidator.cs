using FluentValidation;
using Shop.Application.Auth.Common;

namespace Shop.Application.Auth.SetupTotp;

public sealed class SetupTotpCommandValidator : AbstractValidator<SetupTotpCommand>
{
    public SetupTotpCommandValidator() => RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordRules.MaxLength);
}
