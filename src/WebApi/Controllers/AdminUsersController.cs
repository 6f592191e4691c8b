using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Admin.Users.ChangeRole;
using Shop.Application.Admin.Users.Common;
using Shop.Application.Admin.Users.ListUsers;
using Shop.Application.Common;
using Shop.Domain.Users;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

[ApiController]
[Route("api/v1/admin/users")]
[Authorize(Policy = Policies.Admin)]
public sealed class AdminUsersController(IMediator mediator) : ControllerBase
{
    [ValidatedAs(typeof(ChangeRoleCommand))]
    public sealed record ChangeRoleRequest([property: OneOf(typeof(Role))] string Role);

    [HttpGet]
    public async Task<PagedResult<AdminUserResponse>> List(
        [FromQuery(Name = "q")] string? q = null,
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = PagingRules.DefaultPageSize,
        CancellationToken ct = default) =>
        await mediator.Send(new ListUsersQuery(q, page, pageSize), ct);

    /// <summary>Revokes every session of the user (their tokens carried the old role); 409 for the last admin.</summary>
    [HttpPut("{id}/role")]
    [ProducesResponseType<AdminUserResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<AdminUserResponse> ChangeRole(Guid id, ChangeRoleRequest request, CancellationToken ct) =>
        await mediator.Send(new ChangeRoleCommand(id, request.Role), ct);
}
