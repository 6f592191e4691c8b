using FluentValidation;
using Shop.Application.Common;

namespace Shop.Application.Security.ListUserSessions;

public sealed class ListUserSessionsQueryValidator : AbstractValidator<ListUserSessionsQuery>
{
    public ListUserSessionsQueryValidator() => this.AddPagingRules();
}
