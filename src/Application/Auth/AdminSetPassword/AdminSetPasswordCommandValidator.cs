using FluentValidation;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Auth.AdminSetPassword;

public sealed class AdminSetPasswordCommandValidator : AbstractValidator<AdminSetPasswordCommand>
{
    public AdminSetPasswordCommandValidator(ICommonPasswords commonPasswords)
    {
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Password).ValidNewPassword(commonPasswords);
    }
}
