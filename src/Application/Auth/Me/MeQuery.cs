using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Me;

public sealed record MeQuery : IQuery<MeResponse>;

public sealed record MeResponse(Guid Id, string Email, string FullName, string Role, bool EmailConfirmed, bool MfaEnabled);

public sealed class MeQueryHandler(IShopDbContext db, ICurrentUser caller) : IQueryHandler<MeQuery, MeResponse>
{
    public async ValueTask<MeResponse> Handle(MeQuery query, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.Email, u.FullName, u.Role, u.EmailConfirmedAt, u.TotpEnabledAt })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new UnauthorizedException("The account no longer exists.");
        return new MeResponse(
            user.Id, user.Email, user.FullName, user.Role.ToName(), user.EmailConfirmedAt is not null, user.TotpEnabledAt is not null);
    }
}
