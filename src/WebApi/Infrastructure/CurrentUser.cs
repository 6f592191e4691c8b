using Microsoft.IdentityModel.JsonWebTokens;
using Shop.Application.Common.Interfaces;

namespace Shop.WebApi.Infrastructure;

/// <summary>The caller as the validated access token and the connection describe it.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private HttpContext? Context => accessor.HttpContext;

    public Guid? UserId => ReadGuid(JwtRegisteredClaimNames.Sub);

    public Guid? SessionId => ReadGuid(JwtRegisteredClaimNames.Sid);

    public string? Ip => Context?.Connection.RemoteIpAddress?.ToString();

    public string? UserAgent => Context?.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null;

    private Guid? ReadGuid(string claim) =>
        Context?.User.Identity?.IsAuthenticated == true && Guid.TryParse(Context.User.FindFirst(claim)?.Value, out var id)
            ? id
            : null;
}
