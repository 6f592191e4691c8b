using Mediator;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Orders.Common;
using Shop.Domain.Orders;

namespace Shop.Application.Orders.CancelMyOrder;

/// <summary>A customer cancels their own order while it is still pending; the stock goes back.</summary>
public sealed record CancelMyOrderCommand(Guid Id) : ICommand<OrderResponse>;

public sealed class CancelMyOrderCommandHandler(IShopDbContext db, ICurrentUser caller, TimeProvider time)
    : ICommandHandler<CancelMyOrderCommand, OrderResponse>
{
    public async ValueTask<OrderResponse> Handle(CancelMyOrderCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var order = await OrderTransitions.LoadAsync(db, command.Id, userId, cancellationToken)
            ?? throw new NotFoundException("The order does not exist.");
        await OrderTransitions.ApplyAsync(db, order, o => o.CancelByCustomer(time.GetUtcNow()), cancellationToken);
        return order.Response();
    }
}
