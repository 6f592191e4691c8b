using FluentValidation;
using Shop.Application.Common;
using Shop.Domain.Orders;

namespace Shop.Application.Admin.Orders.ListAllOrders;

public sealed class ListAllOrdersQueryValidator : AbstractValidator<ListAllOrdersQuery>
{
    public ListAllOrdersQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Status)
            .Must(s => s is null || EnumNames.TryParse<OrderStatus>(s, out _))
            .WithMessage($"'status' must be one of: {string.Join(", ", EnumNames.All<OrderStatus>())}.");
    }
}
