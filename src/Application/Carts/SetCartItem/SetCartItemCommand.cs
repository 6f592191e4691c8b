using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Carts.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Carts;
using Shop.Domain.Catalog;

namespace Shop.Application.Carts.SetCartItem;

/// <summary>Puts a published product in the caller's cart with this quantity (replacing any earlier quantity).</summary>
public sealed record SetCartItemCommand(Guid ProductId, int Quantity) : ICommand<CartResponse>;

public sealed class SetCartItemCommandHandler(IShopDbContext db, ICartQueries carts, IUnitOfWork unitOfWork, ICurrentUser caller, IIdGenerator ids, TimeProvider time)
    : ICommandHandler<SetCartItemCommand, CartResponse>
{
    public async ValueTask<CartResponse> Handle(SetCartItemCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        if (!await db.Products.Where(Product.Orderable).AnyAsync(p => p.Id == command.ProductId, cancellationToken))
        {
            throw new NotFoundException("The product does not exist.");
        }

        await CartEditing.EditAsync(db, unitOfWork, ids, userId, time.GetUtcNow(),
            (cart, now) => cart.SetQuantity(command.ProductId, command.Quantity, now), cancellationToken);
        return await CartView.ReadAsync(carts, userId, cancellationToken);
    }
}
