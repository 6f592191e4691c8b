using Mediator;
using Shop.Application.Carts.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Carts.GetCart;

public sealed record GetCartQuery : IQuery<CartResponse>;

public sealed class GetCartQueryHandler(ICartQueries carts, ICurrentUser caller) : IQueryHandler<GetCartQuery, CartResponse>
{
    public async ValueTask<CartResponse> Handle(GetCartQuery query, CancellationToken cancellationToken) =>
        await CartView.ReadAsync(carts, caller.RequireUserId(), cancellationToken);
}
