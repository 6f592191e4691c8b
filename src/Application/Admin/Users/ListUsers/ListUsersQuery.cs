using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Users.Common;
using Shop.Application.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Application.Admin.Users.ListUsers;

/// <summary>Users whose email or name contains <c>q</c> (any case), newest first.</summary>
public sealed record ListUsersQuery(string? Q, int Page, int PageSize) : IQuery<PagedResult<AdminUserResponse>>, IPagedQuery;

public sealed class ListUsersQueryHandler(IShopDbContext db) : IQueryHandler<ListUsersQuery, PagedResult<AdminUserResponse>>
{
    public async ValueTask<PagedResult<AdminUserResponse>> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = TextSearch.ContainsPattern(query.Q);
            users = users.Where(u =>
                EF.Functions.Like(u.Email.ToLower(), pattern, TextSearch.EscapeCharacter)
                || EF.Functions.Like(u.FullName.ToLower(), pattern, TextSearch.EscapeCharacter));
        }

        var page = await users
            .OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id)
            .Select(u => new { u.Id, u.Email, u.FullName, u.Role, u.LockedUntil, u.CreatedAt })
            .ToPagedResultAsync(query, cancellationToken);
        return page.Map(u => new AdminUserResponse(u.Id, u.Email, u.FullName, u.Role.ToName(), u.LockedUntil, u.CreatedAt));
    }
}
