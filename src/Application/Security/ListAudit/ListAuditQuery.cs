using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Security.ListAudit;

public sealed record AuditEventResponse(Guid Id, string Type, Guid? UserId, Guid? ActorId, string? Ip, DateTimeOffset At, string? Details);

/// <summary>The security audit log, newest first, filtered by subject user, type and time range (from inclusive, to exclusive).</summary>
public sealed record ListAuditQuery(
    Guid? UserId,
    string? Type,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Page = 1,
    int PageSize = PagingRules.DefaultPageSize) : IQuery<PagedResult<AuditEventResponse>>, IPagedQuery;

public sealed class ListAuditQueryHandler(IShopDbContext db) : IQueryHandler<ListAuditQuery, PagedResult<AuditEventResponse>>
{
    public async ValueTask<PagedResult<AuditEventResponse>> Handle(ListAuditQuery query, CancellationToken cancellationToken)
    {
        var events = db.SecurityEvents.AsNoTracking();
        if (query.UserId is { } userId)
        {
            events = events.Where(e => e.UserId == userId);
        }

        if (!string.IsNullOrEmpty(query.Type))
        {
            events = events.Where(e => e.Type == query.Type);
        }

        if (query.From is { } from)
        {
            var since = from.ToUniversalTime();
            events = events.Where(e => e.At >= since);
        }

        if (query.To is { } to)
        {
            var until = to.ToUniversalTime();
            events = events.Where(e => e.At < until);
        }

        return await events
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new AuditEventResponse(e.Id, e.Type, e.UserId, e.ActorId, e.Ip, e.At, e.Details))
            .ToPagedResultAsync(query, cancellationToken);
    }
}
