using FluentValidation;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Register;

public sealed class RegisterCommandValidator : AbstractValidator<RegisterCommand>
{
    public RegisterCommandValidator(ICommonPasswords commonPasswords)
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(User.MaxEmailLength).PlainMailbox();
        RuleFor(c => c.Password).ValidNewPassword(commonPasswords)
            .Must((c, password) => !PasswordRules.ResemblesEmail(password, c.Email)).WithMessage(PasswordRules.LikeEmail);
        RuleFor(c => c.FullName).NotEmpty().MaximumLength(User.MaxFullNameLength);
    }
}
