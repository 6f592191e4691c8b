using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Auth.ChangePassword;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.ListSessions;
using Shop.Application.Auth.Login;
using Shop.Application.Auth.Logout;
using Shop.Application.Auth.Me;
using Shop.Application.Auth.Refresh;
using Shop.Application.Auth.Register;
using Shop.Application.Auth.RevokeAll;
using Shop.Application.Auth.RevokeSession;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

[ApiController]
[Route("api/v1/auth")]
public sealed class AuthController(IMediator mediator) : ControllerBase
{
    [ValidatedAs(typeof(RegisterCommand))]
    public sealed record RegisterRequest(string Email, string Password, string FullName);
    [ValidatedAs(typeof(LoginCommand))]
    public sealed record LoginRequest(string Email, string Password);
    [ValidatedAs(typeof(RefreshCommand))]
    public sealed record RefreshRequest(string RefreshToken);
    [ValidatedAs(typeof(LogoutCommand))]
    public sealed record LogoutRequest(string? RefreshToken);
    [ValidatedAs(typeof(ChangePasswordCommand))]
    public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

    [HttpPost("register")]
    [AllowAnonymous]
    [ProducesResponseType<UserResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<UserResponse>> Register(RegisterRequest request, CancellationToken ct)
    {
        var user = await mediator.Send(new RegisterCommand(request.Email, request.Password, request.FullName), ct);
        return Created("/api/v1/auth/me", user);
    }

    [HttpPost("login")]
    [AllowAnonymous]
    [ProducesResponseType<TokenPair>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    public async Task<TokenPair> Login(LoginRequest request, CancellationToken ct) =>
        NoStore(await mediator.Send(new LoginCommand(request.Email, request.Password), ct));

    [HttpPost("refresh")]
    [AllowAnonymous]
    [ProducesResponseType<TokenPair>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    public async Task<TokenPair> Refresh(RefreshRequest request, CancellationToken ct) =>
        NoStore(await mediator.Send(new RefreshCommand(request.RefreshToken), ct));

    [HttpPost("logout")]
    [Authorize]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Logout([FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] LogoutRequest? request, CancellationToken ct)
    {
        await mediator.Send(new LogoutCommand(request?.RefreshToken), ct);
        return NoContent();
    }

    [HttpPost("logout-all")]
    [Authorize]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> LogoutAll(CancellationToken ct)
    {
        await mediator.Send(new RevokeAllCommand(), ct);
        return NoContent();
    }

    [HttpGet("me")]
    [Authorize]
    public async Task<UserResponse> Me(CancellationToken ct) => await mediator.Send(new MeQuery(), ct);

    [HttpGet("sessions")]
    [Authorize]
    public async Task<IReadOnlyList<SessionResponse>> Sessions(CancellationToken ct) =>
        await mediator.Send(new ListSessionsQuery(), ct);

    [HttpDelete("sessions/{id}")]
    [Authorize]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> RevokeSession(Guid id, CancellationToken ct)
    {
        await mediator.Send(new RevokeSessionCommand(id), ct);
        return NoContent();
    }

    [HttpPost("change-password")]
    [Authorize]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> ChangePassword(ChangePasswordRequest request, CancellationToken ct)
    {
        await mediator.Send(new ChangePasswordCommand(request.CurrentPassword, request.NewPassword), ct);
        return NoContent();
    }

    private TokenPair NoStore(TokenPair tokens)
    {
        Response.Headers.CacheControl = "no-store"; // RFC 6749 §5.1: token responses are never cached
        Response.Headers.Pragma = "no-cache";
        return tokens;
    }
}
