using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Common;
using Shop.Application.Orders.CancelMyOrder;
using Shop.Application.Orders.Common;
using Shop.Application.Orders.GetMyOrder;
using Shop.Application.Orders.ListMyOrders;
using Shop.Application.Orders.PlaceOrder;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

/// <summary>The caller's orders. Checkout reads the cart; a request body is never read.</summary>
[ApiController]
[Route("api/v1/orders")]
[Authorize]
public sealed class OrdersController(IMediator mediator) : ControllerBase
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Places an order from the cart. With an Idempotency-Key, a repeat returns the first order.</summary>
    [HttpPost]
    [ProducesResponseType<OrderResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    [ProducesResponseType(StatusCodes.Status403Forbidden)] // Auth:RequireConfirmedEmailForCheckout: email_confirmation_required
    [ResponseHeader(StatusCodes.Status201Created, ReplayedHeader, "`true` when this Idempotency-Key had already placed this order: nothing new was done.")]
    public async Task<ActionResult<OrderResponse>> Place([FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken ct)
    {
        var result = await mediator.Send(new PlaceOrderCommand(idempotencyKey), ct);
        if (result.Replayed)
        {
            Response.Headers[ReplayedHeader] = "true";
        }

        return Created($"/api/v1/orders/{result.Order.Id}", result.Order);
    }

    [HttpGet]
    public async Task<PagedResult<OrderResponse>> List(
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = PagingRules.DefaultPageSize,
        CancellationToken ct = default) =>
        await mediator.Send(new ListMyOrdersQuery(page, pageSize), ct);

    [HttpGet("{id}")]
    [ProducesResponseType<OrderResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<OrderResponse> Get(Guid id, CancellationToken ct) => await mediator.Send(new GetMyOrderQuery(id), ct);

    [HttpPost("{id}/cancel")]
    [ProducesResponseType<OrderResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<OrderResponse> Cancel(Guid id, CancellationToken ct) => await mediator.Send(new CancelMyOrderCommand(id), ct);
}
