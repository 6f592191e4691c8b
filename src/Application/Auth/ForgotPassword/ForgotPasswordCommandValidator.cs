using FluentValidation;
using Shop.Application.Auth.Common;

namespace Shop.Application.Auth.ForgotPassword;

public sealed class ForgotPasswordCommandValidator : AbstractValidator<ForgotPasswordCommand>
{
    public ForgotPasswordCommandValidator() => RuleFor(c => c.Email).ValidEmail();
}
