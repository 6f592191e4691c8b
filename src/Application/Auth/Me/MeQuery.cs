using Mediator;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Auth.Me;

public sealed record MeQuery : IQuery<MeResponse>;

public sealed record MeResponse(Guid Id, string Email, string FullName, string Role, bool EmailConfirmed, bool MfaEnabled);

public sealed class MeQueryHandler(IAccountQueries accounts, ICurrentUser caller) : IQueryHandler<MeQuery, MeResponse>
{
    public async ValueTask<MeResponse> Handle(MeQuery query, CancellationToken cancellationToken) =>
        await accounts.FindMeAsync(caller.RequireUserId(), cancellationToken)
        ?? throw new UnauthorizedException("The account no longer exists.");
}
