using FluentValidation;
using Mediator;
using Shop.Application.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Orders.Common;
using Shop.Domain.Orders;

namespace Shop.Application.Admin.Orders.ChangeOrderStatus;

/// <summary>Moves an order through its state machine (paid, shipped, delivered, cancelled); a cancellation returns the stock.</summary>
public sealed record ChangeOrderStatusCommand(Guid Id, string Status) : ICommand<AdminOrderResponse>;

public sealed class ChangeOrderStatusCommandHandler(IShopDbContext db, TimeProvider time)
    : ICommandHandler<ChangeOrderStatusCommand, AdminOrderResponse>
{
    public async ValueTask<AdminOrderResponse> Handle(ChangeOrderStatusCommand command, CancellationToken cancellationToken)
    {
        var order = await OrderTransitions.LoadAsync(db, command.Id, ownerId: null, cancellationToken)
            ?? throw new NotFoundException("The order does not exist.");
        var target = EnumNames.Parse<OrderStatus>(command.Status);
        await OrderTransitions.ApplyAsync(db, order, o => o.TransitionTo(target, time.GetUtcNow()), cancellationToken);
        return order.AdminResponse();
    }
}
