using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Auth.ChangePassword;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.ConfirmEmail;
using Shop.Application.Auth.DisableTotp;
using Shop.Application.Auth.EnableTotp;
using Shop.Application.Auth.ForgotPassword;
using Shop.Application.Auth.ListSessions;
using Shop.Application.Auth.Login;
using Shop.Application.Auth.LoginMfa;
using Shop.Application.Auth.Logout;
using Shop.Application.Auth.LogoutAll;
using Shop.Application.Auth.Me;
using Shop.Application.Auth.Mfa;
using Shop.Application.Auth.Refresh;
using Shop.Application.Auth.Register;
using Shop.Application.Auth.ResendConfirmation;
using Shop.Application.Auth.ResetPassword;
using Shop.Application.Auth.RevokeSession;
using Shop.Application.Auth.SetupTotp;
using Shop.Application.Common;
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
    [ValidatedAs(typeof(ForgotPasswordCommand))]
    public sealed record ForgotPasswordRequest(string Email);
    [ValidatedAs(typeof(ResetPasswordCommand))]
    public sealed record ResetPasswordRequest(string Token, string NewPassword);
    [ValidatedAs(typeof(ConfirmEmailCommand))]
    public sealed record ConfirmEmailRequest(string Token);
    [ValidatedAs(typeof(SetupTotpCommand))]
    public sealed record PasswordRequest(string Password);
    [ValidatedAs(typeof(EnableTotpCommand))]
    public sealed record CodeRequest(string Code);
    [ValidatedAs(typeof(DisableTotpCommand))]
    public sealed record DisableTotpRequest(string Password, string Code);
    [ValidatedAs(typeof(LoginMfaCommand))]
    public sealed record LoginMfaRequest(string MfaToken, string? Code, string? RecoveryCode);

    /// <summary>What login's 200 may hold, as documented: the token response, or for an account with a second
    /// factor the challenge (<c>mfa_required</c>, <c>mfa_token</c>, <c>mfa_token_expires_in</c>); never both.</summary>
    public sealed class LoginResponse
    {
        public string? AccessToken { get; init; }
        public string? TokenType { get; init; }
        public int? ExpiresIn { get; init; }
        public string? RefreshToken { get; init; }
        public int? RefreshTokenExpiresIn { get; init; }
        public bool? MfaRequired { get; init; }
        public string? MfaToken { get; init; }
        public int? MfaTokenExpiresIn { get; init; }
    }

    /// <summary>The body of every 202 of forgot-password: the same whether or not the account exists.</summary>
    public sealed record AcceptedResponse(string Message);

    public static readonly AcceptedResponse ResetRequested =
        new("If an account uses this email, a link to reset its password is on its way.");

    [HttpPost("register")]
    [AllowAnonymous]
    [ProducesResponseType<UserResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<UserResponse>> Register(RegisterRequest request, CancellationToken ct)
    {
        var user = await mediator.Send(new RegisterCommand(request.Email, request.Password, request.FullName), ct);
        return Created("/api/v1/auth/me", user);
    }

    /// <summary>200 with the token response, or, for an account with a second factor,
    /// <c>{mfa_required, mfa_token, mfa_token_expires_in}</c> and no token until <c>/login/mfa</c>.</summary>
    [HttpPost("login")]
    [AllowAnonymous]
    [ProducesResponseType<LoginResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    public async Task<IActionResult> Login(LoginRequest request, CancellationToken ct)
    {
        var result = await mediator.Send(new LoginCommand(request.Email, request.Password), ct);
        NoStore();
        return result.Tokens is { } tokens ? Ok(tokens) : Ok(result.Mfa);
    }

    [HttpPost("login/mfa")]
    [AllowAnonymous]
    [ProducesResponseType<TokenPair>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    public async Task<TokenPair> LoginMfa(LoginMfaRequest request, CancellationToken ct) =>
        NoStore(await mediator.Send(new LoginMfaCommand(request.MfaToken, request.Code, request.RecoveryCode), ct));

    [HttpPost("forgot-password")]
    [AllowAnonymous]
    [ProducesResponseType<AcceptedResponse>(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> ForgotPassword(ForgotPasswordRequest request, CancellationToken ct)
    {
        await mediator.Send(new ForgotPasswordCommand(request.Email), ct);
        return Accepted(ResetRequested);
    }

    [HttpPost("reset-password")]
    [AllowAnonymous]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> ResetPassword(ResetPasswordRequest request, CancellationToken ct)
    {
        await mediator.Send(new ResetPasswordCommand(request.Token, request.NewPassword), ct);
        return NoContent();
    }

    [HttpPost("confirm-email")]
    [AllowAnonymous]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> ConfirmEmail(ConfirmEmailRequest request, CancellationToken ct)
    {
        await mediator.Send(new ConfirmEmailCommand(request.Token), ct);
        return NoContent();
    }

    [HttpPost("resend-confirmation")]
    [Authorize]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> ResendConfirmation(CancellationToken ct)
    {
        await mediator.Send(new ResendConfirmationCommand(), ct);
        return Accepted();
    }

    [HttpPost("mfa/totp/setup")]
    [Authorize]
    [ProducesResponseType<TotpSetupResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<TotpSetupResponse> SetupTotp(PasswordRequest request, CancellationToken ct)
    {
        var setup = await mediator.Send(new SetupTotpCommand(request.Password), ct);
        NoStore();
        return setup;
    }

    [HttpPost("mfa/totp/enable")]
    [Authorize]
    [ProducesResponseType<RecoveryCodesResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<RecoveryCodesResponse> EnableTotp(CodeRequest request, CancellationToken ct)
    {
        var codes = await mediator.Send(new EnableTotpCommand(request.Code), ct);
        NoStore();
        return codes;
    }

    [HttpPost("mfa/totp/disable")]
    [Authorize]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> DisableTotp(DisableTotpRequest request, CancellationToken ct)
    {
        await mediator.Send(new DisableTotpCommand(request.Password, request.Code), ct);
        return NoContent();
    }

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
        await mediator.Send(new LogoutAllCommand(), ct);
        return NoContent();
    }

    [HttpGet("me")]
    [Authorize]
    public async Task<MeResponse> Me(CancellationToken ct) => await mediator.Send(new MeQuery(), ct);

    [HttpGet("sessions")]
    [Authorize]
    public async Task<PagedResult<SessionResponse>> Sessions(
        CancellationToken ct,
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = PagingRules.DefaultPageSize)
        => await mediator.Send(new ListSessionsQuery(page, pageSize), ct);

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
        NoStore();
        return tokens;
    }

    private void NoStore()
    {
        Response.Headers.CacheControl = "no-store"; // RFC 6749 §5.1: token responses (and secrets) are never cached
        Response.Headers.Pragma = "no-cache";
    }
}
