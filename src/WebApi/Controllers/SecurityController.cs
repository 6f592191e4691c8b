using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Admin.Users.Common;
using Shop.Application.Admin.Users.ListUsers;
using Shop.Application.Common;
using Shop.Application.Security.Common;
using Shop.Application.Security.KillSession;
using Shop.Application.Security.ListAudit;
using Shop.Application.Security.ListUserSessions;
using Shop.Application.Security.LockUser;
using Shop.Application.Security.ResetMfa;
using Shop.Application.Security.RevokeAll;
using Shop.Application.Security.RevokeToken;
using Shop.Application.Security.RevokeUserSessions;
using Shop.Application.Security.UnlockUser;
using Shop.Domain.Auth;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

/// <summary>Security operations for admin and ops: sessions, revocation, the kill switch, lockout, the audit log.</summary>
[ApiController]
[Route("api/v1/admin/security")]
[Produces("application/json")]
[Authorize(Policy = Policies.Security)]
public sealed class SecurityController(IMediator mediator) : ControllerBase
{
    [ValidatedAs(typeof(RevokeTokenCommand))]
    public sealed record RevokeTokenRequest(string Token);
    [ValidatedAs(typeof(RevokeAllCommand))]
    public sealed record GlobalRevokeRequest(DateTimeOffset? IssuedBefore);
    [ValidatedAs(typeof(LockUserCommand))]
    public sealed record LockRequest(DateTimeOffset? Until, string? Reason);

    /// <summary>Finds a user by email or name for the ops console (ops may not read the admin user list).</summary>
    [HttpGet("users")]
    public async Task<PagedResult<AdminUserResponse>> Users(
        CancellationToken ct,
        [FromQuery(Name = "q")] string? q = null,
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = PagingRules.DefaultPageSize) =>
        await mediator.Send(new ListUsersQuery(q, page, pageSize), ct);

    [HttpGet("users/{id}/sessions")]
    public async Task<PagedResult<UserSessionResponse>> Sessions(
        Guid id,
        CancellationToken ct,
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = PagingRules.DefaultPageSize) =>
        await mediator.Send(new ListUserSessionsQuery(id, page, pageSize), ct);

    [HttpPost("users/{id}/revoke-sessions")]
    public async Task<RevokedResponse> RevokeSessions(Guid id, CancellationToken ct) =>
        await mediator.Send(new RevokeUserSessionsCommand(id), ct);

    /// <summary>Removes the user's second factor and recovery codes and ends every session (a lost phone).</summary>
    [HttpPost("users/{id}/reset-mfa")]
    [ProducesResponseType<RevokedResponse>(StatusCodes.Status200OK)]
    public async Task<RevokedResponse> ResetMfa(Guid id, CancellationToken ct) =>
        await mediator.Send(new ResetMfaCommand(id), ct);

    [HttpDelete("sessions/{id}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> KillSession(Guid id, CancellationToken ct)
    {
        await mediator.Send(new KillSessionCommand(id), ct);
        return NoContent();
    }

    /// <summary>RFC 7009 style: 200 with an empty body whether or not the token was known.</summary>
    [HttpPost("revoke-token")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> RevokeToken(RevokeTokenRequest request, CancellationToken ct)
    {
        await mediator.Send(new RevokeTokenCommand(request.Token), ct);
        return Ok();
    }

    [HttpPost("revoke-all")]
    public async Task<RevokedResponse> RevokeAll(GlobalRevokeRequest request, CancellationToken ct) =>
        await mediator.Send(new RevokeAllCommand(request.IssuedBefore), ct);

    [HttpPost("users/{id}/lock")]
    [ProducesResponseType<UserLockResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<UserLockResponse> Lock(Guid id, LockRequest request, CancellationToken ct) =>
        await mediator.Send(new LockUserCommand(id, request.Until, request.Reason), ct);

    [HttpPost("users/{id}/unlock")]
    public async Task<UserLockResponse> Unlock(Guid id, CancellationToken ct) =>
        await mediator.Send(new UnlockUserCommand(id), ct);

    [HttpGet("audit")]
    public async Task<PagedResult<AuditEventResponse>> Audit(
        [FromQuery(Name = "user_id")] Guid? userId,
        [FromQuery(Name = "type"), OneOf(typeof(SecurityEventType))] string? type,
        [FromQuery(Name = "from")] DateTimeOffset? from,
        [FromQuery(Name = "to")] DateTimeOffset? to,
        CancellationToken ct,
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = PagingRules.DefaultPageSize) =>
        await mediator.Send(new ListAuditQuery(userId, type, from, to, page, pageSize), ct);
}
