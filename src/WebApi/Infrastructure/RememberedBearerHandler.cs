using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Shop.Infrastructure.Security;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// The JWT bearer scheme's handler, with one shortcut: a token that <see cref="RememberingTokenHandler"/> has
/// validated in full before, and whose lifetime the validation parameters still accept, goes straight to the
/// <c>TokenValidated</c> event (required claims, revocation) and its ticket, as the base class would take it
/// there after validating. What the shortcut leaves out is per-request bookkeeping only: a copy of the
/// validation parameters, which would be read by nothing, and the message-received event, which the API does
/// not handle (<see cref="JwtAuthentication"/> reads the Authorization header only). The token is not stored in
/// the ticket on either path (<c>SaveToken</c> is off). Every other token, and every failure, goes through the
/// base class unchanged.
/// </summary>
public sealed class RememberedBearerHandler(IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : JwtBearerHandler(options, logger, encoder)
{
    private const string Bearer = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Options.TokenHandlers is [RememberingTokenHandler remembering]
            && BearerToken(Request.Headers.Authorization.ToString()) is { IsEmpty: false } token
            && remembering.TryRecall(token, Options.TokenValidationParameters, out var jwt, out var principal))
        {
            var validated = new TokenValidatedContext(Context, Scheme, Options)
            {
                Principal = principal,
                SecurityToken = jwt,
            };
            validated.Properties.ExpiresUtc = SafeDateTime(jwt.ValidTo);
            validated.Properties.IssuedUtc = SafeDateTime(jwt.ValidFrom);

            await Events.TokenValidated(validated);
            if (validated.Result is { } result)
            {
                return result;
            }

            validated.Success();
            return validated.Result!;
        }

        return await base.HandleAuthenticateAsync();
    }

    /// <summary>The token as the base class reads it from the header: after a case-insensitive "Bearer ", trimmed.</summary>
    private static ReadOnlySpan<char> BearerToken(string authorization) =>
        authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? authorization.AsSpan(Bearer.Length).Trim() : default;

    /// <summary>As the base class: a missing time is no time, not the year 1.</summary>
    private static DateTime? SafeDateTime(DateTime time) => time == DateTime.MinValue ? null : time;
}
