using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common;
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

/// <summary>A user's sessions as ops see them: the live ones and those revoked within <see cref="RecentlyRevoked"/>, newest first, a page at a time.</summary>
public sealed record ListUserSessionsQuery(Guid UserId, int Page = 1, int PageSize = PagingRules.DefaultPageSize)
    : IQuery<PagedResult<UserSessionResponse>>, IPagedQuery
{
    public static readonly TimeSpan RecentlyRevoked = TimeSpan.FromDays(7);
}

public sealed class ListUserSessionsQueryHandler(IShopDbContext db, TimeProvider time)
    : IQueryHandler<ListUserSessionsQuery, PagedResult<UserSessionResponse>>
{
    public async ValueTask<PagedResult<UserSessionResponse>> Handle(ListUserSessionsQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureUserExistsAsync(query.UserId, cancellationToken);
        var now = time.GetUtcNow();
        var revokedSince = now - ListUserSessionsQuery.RecentlyRevoked;
        return await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == query.UserId)
            .Where(Session.LiveAt(now).Or(s => s.RevokedAt >= revokedSince))
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Select(s => new UserSessionResponse(
                s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.RevokedAt, s.RevokedReason, s.Ip, s.UserAgent))
            .ToPagedResultAsync(query, cancellationToken);
    }
}
