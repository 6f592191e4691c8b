using FluentValidation;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Register;

public sealed class RegisterCommandValidator : AbstractValidator<RegisterCommand>
{
    public RegisterCommandValidator(ICommonPasswords commonPasswords)
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(User.MaxEmailLength).EmailAddress();
        RuleFor(c => c.Password).ValidNewPassword(commonPasswords);
        RuleFor(c => c.FullName).NotEmpty().MaximumLength(User.MaxFullNameLength);
    }
}
