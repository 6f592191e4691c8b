using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;
using Shop.Application.Orders.Common;
using Shop.Domain.Orders;

namespace Shop.Application.Admin.Orders.ListAllOrders;

/// <summary>Every customer's orders (or those of one status), newest first.</summary>
public sealed record ListAllOrdersQuery(string? Status, int Page, int PageSize) : IQuery<PagedResult<AdminOrderResponse>>, IPagedQuery;

public sealed class ListAllOrdersQueryHandler(IShopDbContext db) : IQueryHandler<ListAllOrdersQuery, PagedResult<AdminOrderResponse>>
{
    public async ValueTask<PagedResult<AdminOrderResponse>> Handle(ListAllOrdersQuery query, CancellationToken cancellationToken)
    {
        var orders = db.Orders.AsNoTracking();
        if (query.Status is not null)
        {
            var status = EnumNames.Parse<OrderStatus>(query.Status);
            orders = orders.Where(o => o.Status == status);
        }

        return await orders
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Select(OrderProjections.ToAdminResponse)
            .ToPagedResultAsync(query, cancellationToken);
    }
}
