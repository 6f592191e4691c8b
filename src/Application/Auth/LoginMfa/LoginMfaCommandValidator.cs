using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Login;
using Shop.Application.Auth.Mfa;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Application.Common.UnitOfWork;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.LoginMfa;

public sealed class LoginMfaCommandValidator : AbstractValidator<LoginMfaCommand>
{
    public LoginMfaCommandValidator()
    {
        RuleFor(c => c.MfaToken).NotEmpty().MaximumLength(AccountTokenRules.MaxLength);
        RuleFor(c => c.Code).MaximumLength(RecoveryCodes.MaxLength);
        RuleFor(c => c.RecoveryCode).MaximumLength(RecoveryCodes.MaxLength);
        RuleFor(c => c.Code)
            .Must((c, code) => string.IsNullOrEmpty(code) != string.IsNullOrEmpty(c.RecoveryCode))
            .WithMessage("Send either 'code' or 'recovery_code'.");
    }
}
