using FluentValidation;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Mfa;

namespace Shop.Application.Auth.DisableTotp;

public sealed class DisableTotpCommandValidator : AbstractValidator<DisableTotpCommand>
{
    public DisableTotpCommandValidator()
    {
        RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordRules.MaxLength);
        RuleFor(c => c.Code).NotEmpty().MaximumLength(RecoveryCodes.MaxLength);
    }
}
