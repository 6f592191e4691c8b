using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Users.Common;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Application.Admin.Users.ListUsers;

public sealed class ListUsersQueryValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Q).MaximumLength(TextSearch.MaxLength);
    }
}
