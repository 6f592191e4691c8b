using FluentValidation;
using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Mfa;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.UnitOfWork;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.DisableTotp;

public sealed class DisableTotpCommandValidator : AbstractValidator<DisableTotpCommand>
{
    public DisableTotpCommandValidator()
    {
        RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordRules.MaxLength);
        RuleFor(c => c.Code).NotEmpty().MaximumLength(RecoveryCodes.MaxLength);
    }
}
