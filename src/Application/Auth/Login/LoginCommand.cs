using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Application.Common.UnitOfWork;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Login;

[OwnUnitOfWork("A refused login is recorded while the request fails, and the password hash runs outside any transaction.")]
public sealed record LoginCommand(string Email, string Password) : ICommand<LoginResult>;

public sealed class LoginCommandHandler(
    IShopDbContext db,
    IUnitOfWork unitOfWork,
    IIdGenerator ids,
    IPasswordHashing hasher,
    IRefreshTokenFactory refreshTokens,
    TokenPairIssuer tokenPairs,
    ICurrentUser caller,
    ILoginThrottle throttle,
    SessionRevoker revoker,
    IOptions<AuthOptions> authOptions,
    TimeProvider time,
    IAuthMetrics metrics) : ICommandHandler<LoginCommand, LoginResult>
{
    /// <summary>One message for every refusal, so the answer does not tell whether the email exists.</summary>
    public const string InvalidCredentials = "Invalid email or password.";

    public const string TooManyFailures = "Too many failed logins for this email; try again later.";

    public async ValueTask<LoginResult> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var normalized = User.NormalizeEmail(command.Email);

        // Brute force: an attempt is reserved before the database and the hash, in one atomic step, the
        // same way for every email, known or not. It counts as a failure unless the login succeeds.
        if (await throttle.TryReserveAsync(normalized, cancellationToken) is { } retryAfter)
        {
            throw new TooManyRequestsException(TooManyFailures, retryAfter);
        }

        // Read with its security stamp: the session below is stored only if the stamp is still this one.
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);

        if (user is null)
        {
            hasher.VerifyDummy(command.Password);
            await RecordFailureAsync(null, now, "unknown_email", cancellationToken);
            throw new UnauthorizedException(InvalidCredentials);
        }

        var check = hasher.Verify(user.PasswordHash, command.Password);
        if (check == PasswordCheck.Failed || user.IsLocked(now))
        {
            await RecordFailureAsync(user.Id, now, check == PasswordCheck.Failed ? "wrong_password" : "locked", cancellationToken);
            throw new UnauthorizedException(InvalidCredentials);
        }

        if (check == PasswordCheck.SuccessRehashNeeded)
        {
            user.ChangePasswordHash(hasher.Hash(command.Password));
        }

        if (user.MfaEnabled)
        {
            // The password was right; no token until the second factor is too. The throttle is reset
            // only by a complete login, so wrong codes keep counting toward it.
            var mfaToken = refreshTokens.NewValue();
            db.MfaChallenges.Add(MfaChallenge.Start(user.Id, refreshTokens.Hash(mfaToken), now, AccountOptions.MfaTokenLifetime));
            await db.SaveChangesAsync(cancellationToken);
            return LoginResult.NeedsSecondFactor(mfaToken, AccountOptions.MfaTokenLifetime);
        }

        var refreshValue = refreshTokens.NewValue();
        Session session;
        DateTimeOffset issuedAt;
        try
        {
            // One unit: UPDATE users ... WHERE id AND version AND security_stamp (as read above), the session's
            // INSERT, and the end of the least recently used sessions past the cap. A password change,
            // logout-all, lock, role change or ops revocation that committed meanwhile changed the stamp:
            // nothing is stored and no token is issued. The session is dated inside the unit, so a revocation
            // that committed before it has an earlier cut-off, and one after it ends it.
            (session, issuedAt) = await unitOfWork.ExecuteAsync(async ct =>
            {
                var at = time.GetUtcNow();
                var started = Session.Start(user.Id, at, tokenPairs.SessionLifetime, caller.Ip, caller.UserAgent, user.SecurityStamp, id: ids.New(at));
                user.RecordLogin(at);
                db.Sessions.Add(started);
                db.RefreshTokens.Add(started.IssueRefreshToken(ids.New(at), refreshTokens.Hash(refreshValue), at));
                db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.LoginSucceeded, user.Id, user.Id, caller.Ip, at, id: ids.New(at)));
                await db.SaveChangesAsync(ct);
                await revoker.EndLeastRecentlyUsedAsync(user.Id, authOptions.Value.MaxSessionsPerUser, at, ct);
                return (started, at);
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            metrics.Login(LoginOutcome.Failed);
            throw new UnauthorizedException(InvalidCredentials);
        }

        await throttle.ResetAsync(normalized, cancellationToken);
        metrics.Login(LoginOutcome.Succeeded);

        return LoginResult.Issued(tokenPairs.Issue(user, session, refreshValue, issuedAt));
    }

    private async Task RecordFailureAsync(Guid? userId, DateTimeOffset now, string why, CancellationToken ct)
    {
        // The attempt was counted when it was reserved; only the audit entry is left to write.
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.LoginFailed, userId, null, caller.Ip, now, why, id: ids.New(now)));
        await db.SaveChangesAsync(ct);
        metrics.Login(LoginOutcome.Failed);
    }
}
