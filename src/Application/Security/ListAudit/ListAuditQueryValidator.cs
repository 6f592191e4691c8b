using FluentValidation;
using Shop.Application.Common;
using Shop.Domain.Auth;

namespace Shop.Application.Security.ListAudit;

public sealed class ListAuditQueryValidator : AbstractValidator<ListAuditQuery>
{
    public ListAuditQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Type)
            .Must(type => string.IsNullOrEmpty(type) || SecurityEventType.All.Contains(type))
            .WithMessage($"'type' must be one of: {string.Join(", ", SecurityEventType.All.Order(StringComparer.Ordinal))}.");
        RuleFor(q => q.To)
            .Must((q, to) => q.From is null || to is null || q.From < to)
            .WithMessage("'to' must be later than 'from'.");
    }
}
