using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Application.Security.Common;
using Shop.Domain.Auth;
using Shop.Domain.Common;

namespace Shop.Application.Security.ListUserSessions;

public sealed record UserSessionResponse(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedReason,
    string? Ip,
    string? UserAgent);

/// <summary>A user's sessions as ops see them: the live ones and those revoked within <see cref="RecentlyRevoked"/>, newest first.</summary>
public sealed record ListUserSessionsQuery(Guid UserId) : IQuery<IReadOnlyList<UserSessionResponse>>
{
    public static readonly TimeSpan RecentlyRevoked = TimeSpan.FromDays(7);

    /// <summary>At most this many (the newest); a user with more is being scripted against, and ops revoke them all.</summary>
    public const int MaxItems = 200;
}

public sealed class ListUserSessionsQueryHandler(IShopDbContext db, TimeProvider time)
    : IQueryHandler<ListUserSessionsQuery, IReadOnlyList<UserSessionResponse>>
{
    public async ValueTask<IReadOnlyList<UserSessionResponse>> Handle(ListUserSessionsQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureUserExistsAsync(query.UserId, cancellationToken);
        var now = time.GetUtcNow();
        var revokedSince = now - ListUserSessionsQuery.RecentlyRevoked;
        return await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == query.UserId)
            .Where(Session.LiveAt(now).Or(s => s.RevokedAt >= revokedSince))
            .OrderByDescending(s => s.CreatedAt)
            .Take(ListUserSessionsQuery.MaxItems)
            .Select(s => new UserSessionResponse(
                s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.RevokedAt, s.RevokedReason, s.Ip, s.UserAgent))
            .ToListAsync(cancellationToken);
    }
}
