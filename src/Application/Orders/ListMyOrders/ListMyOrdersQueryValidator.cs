using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;
using Shop.Application.Orders.Common;

namespace Shop.Application.Orders.ListMyOrders;

public sealed class ListMyOrdersQueryValidator : AbstractValidator<ListMyOrdersQuery>
{
    public ListMyOrdersQueryValidator() => this.AddPagingRules();
}
