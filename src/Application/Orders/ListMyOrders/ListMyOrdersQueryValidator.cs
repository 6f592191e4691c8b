using FluentValidation;
using Shop.Application.Common;

namespace Shop.Application.Orders.ListMyOrders;

public sealed class ListMyOrdersQueryValidator : AbstractValidator<ListMyOrdersQuery>
{
    public ListMyOrdersQueryValidator() => this.AddPagingRules();
}
