using FluentValidation;
using Shop.Application.Common;

namespace Shop.Application.Admin.Users.ListUsers;

public sealed class ListUsersQueryValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Q).MaximumLength(TextSearch.MaxLength);
    }
}
