using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Orders.Common;

namespace Shop.Application.Orders.GetMyOrder;

/// <summary>One of the caller's orders; someone else's order is as unknown as one that never existed.</summary>
public sealed record GetMyOrderQuery(Guid Id) : IQuery<OrderResponse>;

public sealed class GetMyOrderQueryHandler(IShopDbContext db, ICurrentUser caller) : IQueryHandler<GetMyOrderQuery, OrderResponse>
{
    public async ValueTask<OrderResponse> Handle(GetMyOrderQuery query, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        return await db.Orders.AsNoTracking()
                .Where(o => o.Id == query.Id && o.UserId == userId)
                .Select(OrderProjections.ToResponse)
                .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The order does not exist.");
    }
}
