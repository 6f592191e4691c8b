using FluentValidation;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Mfa;

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
