using FluentValidation;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Auth.ResetPassword;

public sealed class ResetPasswordCommandValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordCommandValidator(ICommonPasswords commonPasswords)
    {
        RuleFor(c => c.Token).NotEmpty().MaximumLength(AccountTokenRules.MaxLength);
        RuleFor(c => c.NewPassword).ValidNewPassword(commonPasswords);
    }
}
