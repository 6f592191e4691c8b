using Mediator;
using Microsoft.EntityFrameworkCore;
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

/// <summary>The caller's live sessions, newest first.</summary>
public sealed record ListSessionsQuery : IQuery<IReadOnlyList<SessionResponse>>;

public sealed class ListSessionsQueryHandler(IShopDbContext db, ICurrentUser caller, TimeProvider time)
    : IQueryHandler<ListSessionsQuery, IReadOnlyList<SessionResponse>>
{
    public async ValueTask<IReadOnlyList<SessionResponse>> Handle(ListSessionsQuery query, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var current = caller.SessionId;
        var now = time.GetUtcNow();
        var sessions = await db.Sessions.AsNoTracking()
            .Where(Session.LiveAt(now)).Where(s => s.UserId == userId)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new SessionResponse(s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.Ip, s.UserAgent, s.Id == current))
            .ToListAsync(cancellationToken);
        return sessions;
    }
}
