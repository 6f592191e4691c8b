using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Carts.ClearCart;
using Shop.Application.Carts.Common;
using Shop.Application.Carts.GetCart;
using Shop.Application.Carts.RemoveCartItem;
using Shop.Application.Carts.SetCartItem;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

/// <summary>The caller's server-side cart.</summary>
[ApiController]
[Route("api/v1/cart")]
[Authorize]
public sealed class CartController(IMediator mediator) : ControllerBase
{
    /// <summary>Only the quantity: the price always comes from the product.</summary>
    [ValidatedAs(typeof(SetCartItemCommand))]
    public sealed record SetQuantityRequest(int Quantity);

    [HttpGet]
    public async Task<CartResponse> Get(CancellationToken ct) => await mediator.Send(new GetCartQuery(), ct);

    [HttpPut("items/{productId}")]
    [ProducesResponseType<CartResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<CartResponse> SetItem(Guid productId, SetQuantityRequest request, CancellationToken ct) =>
        await mediator.Send(new SetCartItemCommand(productId, request.Quantity), ct);

    [HttpDelete("items/{productId}")]
    public async Task<CartResponse> RemoveItem(Guid productId, CancellationToken ct) =>
        await mediator.Send(new RemoveCartItemCommand(productId), ct);

    [HttpDelete]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Clear(CancellationToken ct)
    {
        await mediator.Send(new ClearCartCommand(), ct);
        return NoContent();
    }
}
