using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Carts.ClearCart;

public sealed record ClearCartCommand : ICommand;

public sealed class ClearCartCommandHandler(IShopDbContext db, ICurrentUser caller) : ICommandHandler<ClearCartCommand>
{
    public async ValueTask<Unit> Handle(ClearCartCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        await db.CartItems
            .Where(i => db.Carts.Any(c => c.Id == i.CartId && c.UserId == userId))
            .ExecuteDeleteAsync(cancellationToken);
        return Unit.Value;
    }
}
