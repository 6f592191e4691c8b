using FluentValidation;
using Mediator;
using Shop.Application.Auth.Mfa;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.EnableTotp;

public sealed class EnableTotpCommandValidator : AbstractValidator<EnableTotpCommand>
{
    public EnableTotpCommandValidator() => RuleFor(c => c.Code).NotEmpty().MaximumLength(RecoveryCodes.MaxLength);
}
