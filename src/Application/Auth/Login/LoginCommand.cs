using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Login;

public sealed record LoginCommand(string Email, string Password) : ICommand<LoginResult>;

public sealed class LoginCommandHandler(
    IShopDbContext db,
    IPasswordHasher hasher,
    IRefreshTokenFactory refreshTokens,
    TokenPairIssuer tokenPairs,
    ICurrentUser caller,
    ILoginThrottle throttle,
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

        // Brute force: checked before the database and the hash, the same way for every email, known or not.
        if (await throttle.RetryAfterAsync(normalized, cancellationToken) is { } retryAfter)
        {
            throw new TooManyRequestsException(TooManyFailures, retryAfter);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);

        if (user is null)
        {
            hasher.VerifyDummy(command.Password);
            await RecordFailureAsync(normalized, null, now, "unknown_email", cancellationToken);
            throw new UnauthorizedException(InvalidCredentials);
        }

        var check = hasher.Verify(user.PasswordHash, command.Password);
        if (check == PasswordCheck.Failed || user.IsLocked(now))
        {
            await RecordFailureAsync(normalized, user.Id, now, check == PasswordCheck.Failed ? "wrong_password" : "locked", cancellationToken);
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

        var session = Session.Start(user.Id, now, tokenPairs.SessionLifetime, caller.Ip, caller.UserAgent);
        var refreshValue = refreshTokens.NewValue();
        db.Sessions.Add(session);
        db.RefreshTokens.Add(session.IssueRefreshToken(Guid.CreateVersion7(now), refreshTokens.Hash(refreshValue), now));
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.LoginSucceeded, user.Id, user.Id, caller.Ip, now));
        await db.SaveChangesAsync(cancellationToken);
        await throttle.ResetAsync(normalized, cancellationToken);
        metrics.Login(LoginOutcome.Succeeded);

        return LoginResult.Issued(tokenPairs.Issue(user, session, refreshValue, now));
    }

    private async Task RecordFailureAsync(string normalizedEmail, Guid? userId, DateTimeOffset now, string why, CancellationToken ct)
    {
        db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.LoginFailed, userId, null, caller.Ip, now, why));
        await db.SaveChangesAsync(ct);
        await throttle.RecordFailureAsync(normalizedEmail, ct);
        metrics.Login(LoginOutcome.Failed);
    }
}
