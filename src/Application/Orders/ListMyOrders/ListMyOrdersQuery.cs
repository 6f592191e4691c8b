using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;
using Shop.Application.Orders.Common;

namespace Shop.Application.Orders.ListMyOrders;

/// <summary>The caller's orders, newest first.</summary>
public sealed record ListMyOrdersQuery(int Page, int PageSize) : IQuery<PagedResult<OrderResponse>>, IPagedQuery;

public sealed class ListMyOrdersQueryHandler(IShopDbContext db, ICurrentUser caller)
    : IQueryHandler<ListMyOrdersQuery, PagedResult<OrderResponse>>
{
    public async ValueTask<PagedResult<OrderResponse>> Handle(ListMyOrdersQuery query, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var orders = db.Orders.AsNoTracking().Where(o => o.UserId == userId);
        return await orders
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Select(OrderProjections.ToResponse)
            .ToPagedResultAsync(query, cancellationToken);
    }
}
