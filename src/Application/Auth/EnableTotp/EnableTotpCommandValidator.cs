using FluentValidation;
using Shop.Application.Auth.Mfa;

namespace Shop.Application.Auth.EnableTotp;

public sealed class EnableTotpCommandValidator : AbstractValidator<EnableTotpCommand>
{
    public EnableTotpCommandValidator() => RuleFor(c => c.Code).NotEmpty().MaximumLength(RecoveryCodes.MaxLength);
}
