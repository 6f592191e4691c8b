using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.Logout;

/// <summary>Ends the caller's session (and, if given, the session of a refresh token of the same user).</summary>
public sealed record LogoutCommand(string? RefreshToken) : ICommand;

public sealed class LogoutCommandHandler(
    IShopDbContext db,
    IRefreshTokenFactory refreshTokens,
    SessionRevoker revoker,
    ICurrentUser caller,
    TimeProvider time) : ICommandHandler<LogoutCommand>
{
    public async ValueTask<Unit> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        var sessionIds = new List<Guid> { caller.RequireSessionId() };
        if (!string.IsNullOrEmpty(command.RefreshToken))
        {
            var hash = refreshTokens.Hash(command.RefreshToken);
            var other = await db.RefreshTokens
                .Where(t => t.TokenHash == hash)
                .Join(db.Sessions, t => t.SessionId, s => s.Id, (t, s) => s)
                .Where(s => s.UserId == userId)
                .Select(s => (Guid?)s.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (other is { } id && id != sessionIds[0])
            {
                sessionIds.Add(id);
            }
        }

        var now = time.GetUtcNow();
        foreach (var sessionId in sessionIds)
        {
            await revoker.RevokeSessionAsync(sessionId, RevocationReason.Logout, now, cancellationToken);
        }
        return Unit.Value;
    }
}
