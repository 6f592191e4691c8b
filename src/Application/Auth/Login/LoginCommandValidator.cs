using FluentValidation;
using Shop.Application.Auth.Common;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Login;

public sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        // Only shape checks: a wrong password must look exactly like any other bad credential.
        RuleFor(c => c.Email).NotEmpty().MaximumLength(User.MaxEmailLength);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordRules.MaxLength);
    }
}
