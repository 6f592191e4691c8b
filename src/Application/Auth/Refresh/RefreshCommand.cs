using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.UnitOfWork;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Refresh;

[OwnUnitOfWork("A rotation that lost its race continues as a repeat, and a reuse revocation commits while the request fails.")]
public sealed record RefreshCommand(string RefreshToken) : ICommand<TokenPair>;

/// <summary>
/// Rotation with reuse detection. The old token is consumed by a compare-and-set UPDATE, atomically with the
/// INSERT of its successor (<see cref="IRefreshTokenRotation"/>), so concurrent refreshes with one token yield
/// one successor; the losers of that race, and repeats within the grace window, get the same successor back.
/// Any other repeat revokes the whole session.
/// </summary>
public sealed class RefreshCommandHandler(
    IShopDbContext db,
    IUnitOfWork unitOfWork,
    IRefreshTokenRotation rotation,
    IRefreshTokenFactory refreshTokens,
    TokenPairIssuer tokenPairs,
    SessionRevoker revoker,
    ICurrentUser caller,
    IIdGenerator ids,
    TimeProvider time,
    IAuthMetrics metrics) : ICommandHandler<RefreshCommand, TokenPair>
{
    public const string InvalidToken = "The refresh token is invalid or expired.";

    public async ValueTask<TokenPair> Handle(RefreshCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = refreshTokens.Hash(command.RefreshToken);

        // One indexed lookup brings the token with its session and user, so the common path needs only
        // the rotation's write after it (on PostgreSQL one statement: two round trips in all).
        // The same query reads the newest kill-switch cut-off, kept in the database for good.
        var found = await db.RefreshTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Join(db.Sessions, t => t.SessionId, s => s.Id, (t, s) => new { Token = t, Session = s })
            .Join(db.Users, x => x.Session.UserId, u => u.Id, (x, u) => new
            {
                x.Token,
                x.Session,
                User = u,
                Killed = db.Revocations.Any(r => r.Kind == RevocationKind.Global && x.Session.CreatedAt <= r.Cutoff), // as Revocation.CutsOff
            })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw Invalid();
        var token = found.Token;

        // A session made under an older security stamp (a login that raced a password change, logout-all,
        // lock, role change or ops revocation) or before the kill switch never refreshes, whenever it tries.
        if (found.Killed || found.Session.SecurityStamp != found.User.SecurityStamp)
        {
            throw Invalid();
        }

        if (!token.IsConsumed)
        {
            var rotated = await TryRotateAsync(token, found.Session, found.User, command.RefreshToken, now, cancellationToken);
            if (rotated is not null)
            {
                metrics.Refreshed();
                return rotated;
            }

            // Another request consumed it first: read what it left and answer as a repeat.
            token = await db.RefreshTokens.AsNoTracking().FirstAsync(t => t.Id == token.Id, cancellationToken);
        }

        var repeated = await RepeatAsync(token, command.RefreshToken, now, cancellationToken);
        metrics.Refreshed();
        return repeated;
    }

    private async Task<TokenPair?> TryRotateAsync(RefreshToken token, Session session, User user, string value, DateTimeOffset now, CancellationToken ct)
    {
        if (!token.IsActive(now) || !session.IsLiveAt(now) || user.IsLocked(now))
        {
            throw Invalid();
        }

        // The domain makes the successor (and moves the session's last use); the rotation stores it only if
        // this request is the one that consumes the token.
        var successorValue = refreshTokens.SuccessorOf(value);
        var successor = session.IssueRefreshToken(ids.New(now), refreshTokens.Hash(successorValue), now);
        var won = await rotation.TryRotateAsync(token.Id, successor, session, now, ct);
        return won ? tokenPairs.Issue(user, session, successorValue, now) : null;
    }

    private async Task<TokenPair> RepeatAsync(RefreshToken token, string value, DateTimeOffset now, CancellationToken ct)
    {
        if (token.IsWithinGrace(now, tokenPairs.ReuseGrace))
        {
            var successor = await db.RefreshTokens.AsNoTracking()
                .FirstOrDefaultAsync(t => t.Id == token.ReplacedById, ct);

            // Only the immediately previous token, and only while its successor is still the newest. The
            // first rotation may have run on an instance with another active key: every listed key counts.
            var successorValue = successor is null
                ? null
                : refreshTokens.SuccessorCandidatesOf(value).FirstOrDefault(candidate => refreshTokens.Matches(candidate, successor.TokenHash));
            if (successor is not null && successor.IsActive(now) && successorValue is not null)
            {
                var (session, user) = await LoadLiveSessionAsync(token.SessionId, now, ct);
                session.Touch(now);
                await db.SaveChangesAsync(ct);
                return tokenPairs.Issue(user, session, successorValue, now);
            }
        }

        await RevokeForReuseAsync(token.SessionId, now, ct);
        throw Invalid();
    }

    private async Task RevokeForReuseAsync(Guid sessionId, DateTimeOffset now, CancellationToken ct)
    {
        var userId = await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.UserId).FirstAsync(ct);
        var revoked = await unitOfWork.ExecuteAsync(async innerCt =>
        {
            if (!await revoker.RevokeSessionAsync(sessionId, RevocationReason.RefreshReuse, now, innerCt))
            {
                return false; // the session had already ended: a replay of a dead token changes nothing, so no entry
            }

            db.SecurityEvents.Add(SecurityEvent.Record(
                SecurityEventType.RefreshReuseDetected, userId, null, caller.Ip, now, $"session {sessionId}", id: ids.New(now)));
            return true;
        }, ct);
        if (revoked)
        {
            metrics.RefreshReuseDetected();
        }
    }

    private async Task<(Session Session, User User)> LoadLiveSessionAsync(Guid sessionId, DateTimeOffset now, CancellationToken ct)
    {
        var found = await db.Sessions
            .Where(s => s.Id == sessionId)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { Session = s, User = u })
            .FirstOrDefaultAsync(ct);
        if (found is null || !found.Session.IsLiveAt(now) || found.User.IsLocked(now)
            || found.Session.SecurityStamp != found.User.SecurityStamp)
        {
            throw Invalid();
        }

        return (found.Session, found.User);
    }

    private static UnauthorizedException Invalid() => new(InvalidToken);
}
