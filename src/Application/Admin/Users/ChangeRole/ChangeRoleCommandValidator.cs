using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Users.Common;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
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
