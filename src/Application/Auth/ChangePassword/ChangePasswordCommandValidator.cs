using FluentValidation;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Auth.ChangePassword;

public sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator(ICommonPasswords commonPasswords)
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(PasswordRules.MaxLength);
        RuleFor(c => c.NewPassword).ValidNewPassword(commonPasswords)
            .NotEqual(c => c.CurrentPassword).WithMessage("The new password must differ from the current one.");
    }
}
