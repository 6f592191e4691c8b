using FluentValidation;
using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Mfa;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Auth.SetupTotp;

public sealed class SetupTotpCommandValidator : AbstractValidator<SetupTotpCommand>
{
    public SetupTotpCommandValidator() => RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordRules.MaxLength);
}
