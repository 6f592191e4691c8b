using System.Text.Json.Serialization;
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
using Shop.Application.Common.Exceptions;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

[ApiController]
[Route("api/v1/auth")]
public sealed class AuthController(IMediator mediator) : ControllerBase
{
    private const string CookieModeDoc =
        "With `?use_cookie=true` (browser clients) the refresh token is not in the body: it is set as the cookie `shop_refresh` " +
        "(HttpOnly, Secure, SameSite=Strict, Path=/api/v1/auth, expiring with the session).";

    private const string SetCookieDoc =
        "In cookie mode: `shop_refresh=<refresh token>; expires=<the session's end>; path=/api/v1/auth; secure; samesite=strict; httponly`.";

    private const string CsrfDoc =
        " A request in cookie mode (`?use_cookie=true`, or carrying the `shop_refresh` cookie) answers 403 and changes nothing when its " +
        "`Origin` is neither this API's own origin nor one of `Cors:AllowedOrigins`, or when it has no `Origin` and no `X-Requested-With` header.";

    [ValidatedAs(typeof(RegisterCommand))]
    public sealed record RegisterRequest(string Email, string Password, string FullName);
    [ValidatedAs(typeof(LoginCommand))]
    public sealed record LoginRequest(string Email, string Password);
    /// <summary>The refresh token; in cookie mode the body may be empty and the <c>shop_refresh</c> cookie is read instead.</summary>
    [ValidatedAs(typeof(RefreshCommand), Optional = ["refresh_token"])]
    public sealed record RefreshRequest(string? RefreshToken);
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

    /// <summary>The token response. In cookie mode <c>refresh_token</c> is absent: the <c>shop_refresh</c> cookie holds it.</summary>
    public sealed class TokenResponse
    {
        public required string AccessToken { get; init; }
        public required string TokenType { get; init; }
        public required int ExpiresIn { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? RefreshToken { get; init; }

        public required int RefreshTokenExpiresIn { get; init; }
    }

    /// <summary>The second factor's setup: the secret, its <c>otpauth://</c> URI, and a QR code of that URI as an SVG document.</summary>
    public sealed record TotpSetupResponse(string Secret, string OtpauthUri, string QrSvg);

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
    [EndpointDescription("200 with the token response, or for an account with a second factor the challenge " +
        "`{mfa_required, mfa_token, mfa_token_expires_in}` and no token until /login/mfa. " + CookieModeDoc)]
    [ProducesResponseType<LoginResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    [ResponseHeader(StatusCodes.Status200OK, "Set-Cookie", SetCookieDoc)]
    public async Task<IActionResult> Login(
        LoginRequest request, CancellationToken ct, [FromQuery(Name = RefreshCookie.QueryParameter)] bool useCookie = false)
    {
        var result = await mediator.Send(new LoginCommand(request.Email, request.Password), ct);
        NoStore();
        return result.Tokens is { } tokens ? Ok(Answer(tokens, useCookie)) : Ok(result.Mfa);
    }

    [HttpPost("login/mfa")]
    [AllowAnonymous]
    [EndpointDescription("The second step of a login with a second factor: 200 with the token response. " + CookieModeDoc)]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    [ResponseHeader(StatusCodes.Status200OK, "Set-Cookie", SetCookieDoc)]
    public async Task<TokenResponse> LoginMfa(
        LoginMfaRequest request, CancellationToken ct, [FromQuery(Name = RefreshCookie.QueryParameter)] bool useCookie = false) =>
        Answer(await mediator.Send(new LoginMfaCommand(request.MfaToken, request.Code, request.RecoveryCode), ct), useCookie);

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
    [EndpointDescription("A new secret, not in force until /enable: `secret` (base32), `otpauth_uri`, and `qr_svg`, an SVG " +
        "document of a QR code of that URI, to show as `<img src=\"data:image/svg+xml;base64,...\">`.")]
    [ProducesResponseType<TotpSetupResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<TotpSetupResponse> SetupTotp(PasswordRequest request, CancellationToken ct)
    {
        var setup = await mediator.Send(new SetupTotpCommand(request.Password), ct);
        NoStore();
        return new TotpSetupResponse(setup.Secret, setup.OtpauthUri, QrCodes.Svg(setup.OtpauthUri));
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
    [CookieCsrfGuard]
    [EndpointDescription("Rotates the refresh token: 200 with the token response and a new refresh token. " + CookieModeDoc +
        " In cookie mode the body may be empty (or `{}`): the `shop_refresh` cookie is read, rotated (the same reuse rules and grace " +
        "window) and replaced by its successor; a 401 clears it." + CsrfDoc)]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType(StatusCodes.Status403Forbidden)]
    [RequestCookie(RefreshCookie.Name, "Cookie mode: the refresh token, when the body has none.")]
    [RequestHeader(CookieCsrfGuardAttribute.RequestedWithHeader, "Cookie mode without an `Origin` header: required (any value), or the answer is 403.")]
    [ResponseHeader(StatusCodes.Status200OK, "Set-Cookie", SetCookieDoc)]
    [ResponseHeader(StatusCodes.Status401Unauthorized, "Set-Cookie", "In cookie mode: the `shop_refresh` cookie cleared (empty, expired).")]
    public async Task<IActionResult> Refresh(
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] RefreshRequest? request,
        CancellationToken ct,
        [FromQuery(Name = RefreshCookie.QueryParameter)] bool useCookie = false)
    {
        if (!useCookie)
        {
            return Ok(Answer(await mediator.Send(new RefreshCommand(request?.RefreshToken ?? ""), ct), useCookie: false));
        }

        // Cookie mode: the body's token if it has one (a client moving to the cookie), else the cookie's.
        var value = request?.RefreshToken is { Length: > 0 } given ? given : RefreshCookie.Read(Request);
        try
        {
            if (value is null)
            {
                throw new UnauthorizedException(RefreshCommandHandler.InvalidToken);
            }

            return Ok(Answer(await mediator.Send(new RefreshCommand(value), ct), useCookie: true));
        }
        catch (UnauthorizedException e)
        {
            // The cookie is dead (unknown, expired, revoked, or reused and so its session ended): the browser drops it.
            NoStore();
            RefreshCookie.Clear(HttpContext);
            return new ProblemResult(new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Detail = e.Message });
        }
    }

    [HttpPost("logout")]
    [Authorize]
    [CookieCsrfGuard]
    [EndpointDescription("Ends this session (and, if a refresh token is given in the body or the `shop_refresh` cookie, that " +
        "token's session of the same user); clears the `shop_refresh` cookie." + CsrfDoc)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType(StatusCodes.Status403Forbidden)]
    [RequestCookie(RefreshCookie.Name, "The browser's refresh token: its session ends too.")]
    [RequestHeader(CookieCsrfGuardAttribute.RequestedWithHeader, "Cookie mode without an `Origin` header: required (any value), or the answer is 403.")]
    [ResponseHeader(StatusCodes.Status204NoContent, "Set-Cookie", "The `shop_refresh` cookie cleared (empty, expired).")]
    public async Task<IActionResult> Logout(
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] LogoutRequest? request,
        CancellationToken ct,
        [FromQuery(Name = RefreshCookie.QueryParameter)] bool useCookie = false)
    {
        _ = useCookie; // documented for symmetry: a logout clears the cookie in either mode
        await mediator.Send(new LogoutCommand(request?.RefreshToken is { Length: > 0 } given ? given : RefreshCookie.Read(Request)), ct);
        RefreshCookie.Clear(HttpContext);
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

    /// <summary>The token response; in cookie mode the refresh token goes into the cookie, never into the body.</summary>
    private TokenResponse Answer(TokenPair tokens, bool useCookie)
    {
        NoStore();
        if (useCookie)
        {
            RefreshCookie.Set(HttpContext, tokens.RefreshToken, tokens.SessionExpiresAt);
        }

        return new TokenResponse
        {
            AccessToken = tokens.AccessToken,
            TokenType = tokens.TokenType,
            ExpiresIn = tokens.ExpiresIn,
            RefreshToken = useCookie ? null : tokens.RefreshToken,
            RefreshTokenExpiresIn = tokens.RefreshTokenExpiresIn,
        };
    }

    private void NoStore()
    {
        Response.Headers.CacheControl = "no-store"; // RFC 6749 §5.1: token responses (and secrets) are never cached
        Response.Headers.Pragma = "no-cache";
    }
}
