using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.ListSessions;

public sealed record SessionResponse(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    string? Ip,
    string? UserAgent,
    bool Current);

/// <summary>The caller's live sessions, newest first, a page at a time.</summary>
public sealed record ListSessionsQuery(int Page = 1, int PageSize = PagingRules.DefaultPageSize)
    : IQuery<PagedResult<SessionResponse>>, IPagedQuery;

public sealed class ListSessionsQueryHandler(IShopDbContext db, ICurrentUser caller, TimeProvider time)
    : IQueryHandler<ListSessionsQuery, PagedResult<SessionResponse>>
{
    public async ValueTask<PagedResult<SessionResponse>> Handle(ListSessionsQuery query, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var current = caller.SessionId;
        var now = time.GetUtcNow();
        var live = db.Sessions.AsNoTracking().Where(Session.LiveAt(now)).Where(s => s.UserId == userId);
        return await live
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Select(s => new SessionResponse(s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.Ip, s.UserAgent, s.Id == current))
            .ToPagedResultAsync(query, cancellationToken);
    }
}
