using FluentValidation;
using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.ResetPassword;

public sealed class ResetPasswordCommandValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordCommandValidator(ICommonPasswords commonPasswords)
    {
        RuleFor(c => c.Token).NotEmpty().MaximumLength(AccountTokenRules.MaxLength);
        RuleFor(c => c.NewPassword).ValidNewPassword(commonPasswords);
    }
}
