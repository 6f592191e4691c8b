using FluentValidation;
using Shop.Application.Common;

namespace Shop.Application.Auth.ListSessions;

public sealed class ListSessionsQueryValidator : AbstractValidator<ListSessionsQuery>
{
    public ListSessionsQueryValidator() => this.AddPagingRules();
}
