using Shop.Application.Common.Exceptions;

namespace Shop.Application.Common.Interfaces;

/// <summary>Who is calling, from the validated access token, and from where.</summary>
public interface ICurrentUser
{
    Guid? UserId { get; }
    Guid? SessionId { get; }
    string? Ip { get; }
    string? UserAgent { get; }
}

public static class CurrentUserExtensions
{
    public static Guid RequireUserId(this ICurrentUser user) =>
        user.UserId ?? throw new UnauthorizedException("Authentication is required.");

    public static Guid RequireSessionId(this ICurrentUser user) =>
        user.SessionId ?? throw new UnauthorizedException("Authentication is required.");
}
