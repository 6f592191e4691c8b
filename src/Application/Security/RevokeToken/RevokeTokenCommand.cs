using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Security.RevokeToken;

/// <summary>
/// Revocation of a leaked token, RFC 7009 style: the answer is the same whether or not the token was
/// known. A refresh token (of any link of its chain) kills its session; so does an access token whose
/// signature checks out, expired or not.
/// </summary>
public sealed record RevokeTokenCommand(string Token) : ICommand;

public sealed class RevokeTokenCommandHandler(
    IShopDbContext db,
    IAccessTokenInspector accessTokens,
    IRefreshTokenFactory refreshTokens,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time) : ICommandHandler<RevokeTokenCommand>
{
    public async ValueTask<Unit> Handle(RevokeTokenCommand command, CancellationToken cancellationToken)
    {
        var actorId = caller.RequireUserId();
        var token = command.Token.Trim();

        string kind;
        Guid? sessionId;
        if (await accessTokens.ReadAsync(token) is { } subject)
        {
            kind = "access";
            sessionId = await db.Sessions.AsNoTracking()
                .Where(s => s.Id == subject.SessionId && s.UserId == subject.UserId)
                .Select(s => (Guid?)s.Id)
                .FirstOrDefaultAsync(cancellationToken);
        }
        else
        {
            kind = "refresh";
            var hash = refreshTokens.Hash(token);
            sessionId = await db.RefreshTokens.AsNoTracking()
                .Where(t => t.TokenHash == hash)
                .Select(t => (Guid?)t.SessionId)
                .FirstOrDefaultAsync(cancellationToken);
        }

        if (sessionId is not { } id)
        {
            return Unit.Value; // unknown: nothing to do, and the caller is told nothing more
        }

        var owner = await db.Sessions.AsNoTracking().Where(s => s.Id == id).Select(s => s.UserId).FirstAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (await revoker.RevokeSessionAsync(id, RevocationReason.TokenRevoked, now, cancellationToken))
        {
            // The token itself is never recorded, only which session it belonged to.
            db.SecurityEvents.Add(SecurityEvent.Record(
                SecurityEventType.SessionRevoked, owner, actorId, caller.Ip, now, $"session {id} revoked by ops: leaked {kind} token", id: ids.New(now)));
        }
        return Unit.Value;
    }
}
