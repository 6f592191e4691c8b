using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Carts.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Carts.RemoveCartItem;

/// <summary>Takes a product out of the caller's cart; a product that is not there leaves the cart as it is.</summary>
public sealed record RemoveCartItemCommand(Guid ProductId) : ICommand<CartResponse>;

public sealed class RemoveCartItemCommandHandler(IShopDbContext db, ICartQueries carts, ICurrentUser caller)
    : ICommandHandler<RemoveCartItemCommand, CartResponse>
{
    public async ValueTask<CartResponse> Handle(RemoveCartItemCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();

        // One set-based DELETE: removing twice, or racing another removal, is not an error.
        await db.CartItems
            .Where(i => i.ProductId == command.ProductId && db.Carts.Any(c => c.Id == i.CartId && c.UserId == userId))
            .ExecuteDeleteAsync(cancellationToken);
        return await CartView.ReadAsync(carts, userId, cancellationToken);
    }
}
