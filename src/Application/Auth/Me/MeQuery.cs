using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Me;

public sealed record MeQuery : IQuery<UserResponse>;

public sealed class MeQueryHandler(IShopDbContext db, ICurrentUser caller) : IQueryHandler<MeQuery, UserResponse>
{
    public async ValueTask<UserResponse> Handle(MeQuery query, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.Email, u.FullName, u.Role })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new UnauthorizedException("The account no longer exists.");
        return new UserResponse(user.Id, user.Email, user.FullName, user.Role.ToName());
    }
}
