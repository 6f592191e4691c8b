using FluentValidation;
using Shop.Domain.Users;

namespace Shop.Application.Admin.Users.ChangeRole;

public sealed class ChangeRoleCommandValidator : AbstractValidator<ChangeRoleCommand>
{
    public ChangeRoleCommandValidator()
    {
        RuleFor(c => c.Role)
            .NotEmpty()
            .Must(r => Roles.TryParse(r, out _))
            .WithMessage($"'role' must be one of: {Roles.Customer}, {Roles.Admin}, {Roles.Ops}.");
    }
}
