using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Admin.Orders.ChangeOrderStatus;
using Shop.Application.Admin.Orders.ListAllOrders;
using Shop.Application.Common;
using Shop.Application.Orders.Common;
using Shop.Domain.Orders;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

[ApiController]
[Route("api/v1/admin/orders")]
[Authorize(Policy = Policies.Admin)]
public sealed class AdminOrdersController(IMediator mediator) : ControllerBase
{
    [ValidatedAs(typeof(ChangeOrderStatusCommand))]
    public sealed record ChangeStatusRequest([property: OneOf(typeof(OrderStatus))] string Status);

    [HttpGet]
    public async Task<PagedResult<AdminOrderResponse>> List(
        [FromQuery(Name = "status"), OneOf(typeof(OrderStatus))] string? status = null,
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = PagingRules.DefaultPageSize,
        CancellationToken ct = default) =>
        await mediator.Send(new ListAllOrdersQuery(status, page, pageSize), ct);

    /// <summary>paid, shipped, delivered or cancelled, as the state machine allows (409 otherwise).</summary>
    [HttpPost("{id}/status")]
    [ProducesResponseType<AdminOrderResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<AdminOrderResponse> ChangeStatus(Guid id, ChangeStatusRequest request, CancellationToken ct) =>
        await mediator.Send(new ChangeOrderStatusCommand(id, request.Status), ct);
}
