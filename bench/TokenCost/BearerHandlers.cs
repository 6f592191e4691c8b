using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Shop.Bench.TokenCost;

/// <summary>The bearer scheme's handler in a measured API.</summary>
public enum BearerHandler
{
    /// <summary>The API as it ships: <c>RememberedBearerHandler</c>, a token validated in full once per instance.</summary>
    Api,

    /// <summary><see cref="JwtBearerHandler"/> with a plain <see cref="JsonWebTokenHandler"/>: the signature, the
    /// lifetime and the claims of every request's token, as the framework does it without the API's shortcut. The
    /// API's events still run (required claims, revocation).</summary>
    Framework,

    /// <summary><see cref="ReadyTicketHandler"/>: no token is read at all. What is left is the authentication
    /// middleware's and service's own success path, the least a bearer request can cost behind
    /// <c>UseAuthentication</c> whatever its handler does.</summary>
    Floor,
}

public static class BearerHandlers
{
    /// <summary>Runs after the API's own registrations (ConfigureTestServices), so the scheme's handler is replaced.</summary>
    public static void Use(IServiceCollection services, BearerHandler handler)
    {
        switch (handler)
        {
            case BearerHandler.Framework:
                services.Configure<AuthenticationOptions>(options =>
                    options.SchemeMap[JwtBearerDefaults.AuthenticationScheme].HandlerType = typeof(JwtBearerHandler));
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                {
                    options.TokenHandlers.Clear();
                    options.TokenHandlers.Add(new JsonWebTokenHandler { MapInboundClaims = false });
                });
                break;
            case BearerHandler.Floor:
                services.Configure<AuthenticationOptions>(options =>
                    options.SchemeMap[JwtBearerDefaults.AuthenticationScheme].HandlerType = typeof(ReadyTicketHandler));
                services.AddTransient<ReadyTicketHandler>();
                break;
        }
    }

    /// <summary>
    /// A request with an Authorization header is a customer, whatever the header says; one without is anonymous.
    /// Only for measuring: nothing is checked.
    /// </summary>
    private sealed class ReadyTicketHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        private static readonly ClaimsPrincipal Customer = new(new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, Guid.CreateVersion7().ToString()),
                new Claim(JwtRegisteredClaimNames.Sid, Guid.CreateVersion7().ToString()),
                new Claim("role", "customer"),
            ],
            JwtBearerDefaults.AuthenticationScheme,
            JwtRegisteredClaimNames.Sub,
            "role"));

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(
            Request.Headers.Authorization.Count == 0
                ? AuthenticateResult.NoResult()
                : AuthenticateResult.Success(new AuthenticationTicket(Customer, Scheme.Name)));
    }
}
