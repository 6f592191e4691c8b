using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Application.Auth.Common;
using Shop.Application.Auth.Login;
using Shop.Application.Auth.Mfa;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Application.Common.UnitOfWork;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.LoginMfa;

/// <summary>The second step of a login with a second factor: the <c>mfa_token</c> and a TOTP code or a recovery code.</summary>
[OwnUnitOfWork("A wrong code is audited and counted while the request fails.")]
public sealed record LoginMfaCommand(string MfaToken, string? Code, string? RecoveryCode) : ICommand<TokenPair>;

/// <summary>
/// Issues the tokens once the second factor is right. The <c>mfa_token</c> works once and dies after five
/// wrong codes; a TOTP code is accepted once (its time step is remembered), a recovery code once; every
/// wrong code is audited and counts toward the account's login throttle.
/// </summary>
public sealed class LoginMfaCommandHandler(
    IShopDbContext db,
    IUnitOfWork unitOfWork,
    IIdGenerator ids,
    SessionRevoker revoker,
    IOptions<AuthOptions> authOptions,
    ITotp totp,
    RecoveryCodes recoveryCodes,
    IRefreshTokenFactory refreshTokens,
    TokenPairIssuer tokenPairs,
    ICurrentUser caller,
    ILoginThrottle throttle,
    TimeProvider time,
    IAuthMetrics metrics) : ICommandHandler<LoginMfaCommand, TokenPair>
{
    public const string InvalidToken = "The MFA token is invalid, used or expired; log in again.";
    public const string InvalidCode = "The code is not valid.";

    public async ValueTask<TokenPair> Handle(LoginMfaCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = refreshTokens.Hash(command.MfaToken);
        var challenge = await db.MfaChallenges.FirstOrDefaultAsync(c => c.TokenHash == hash, cancellationToken);
        if (challenge is null || !challenge.IsUsable(now))
        {
            throw new UnauthorizedException(InvalidToken);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == challenge.UserId, cancellationToken);
        if (user is null || user.IsLocked(now) || !user.MfaEnabled)
        {
            throw new UnauthorizedException(InvalidToken);
        }

        var accepted = string.IsNullOrEmpty(command.RecoveryCode)
            ? totp.MatchStep(user.TotpSecret!, command.Code!, now) is { } step && user.AcceptTotpStep(step)
            : await recoveryCodes.TryUseAsync(user.Id, command.RecoveryCode, now, cancellationToken);
        if (!accepted)
        {
            challenge.Fail();
            db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.MfaFailed, user.Id, null, caller.Ip, now,
                $"login, wrong {(string.IsNullOrEmpty(command.RecoveryCode) ? "code" : "recovery code")} {challenge.Failures} of {MfaChallenge.MaxFailures}",
                id: ids.New(now)));
            await SaveOrRefuseAsync(cancellationToken);

            // A wrong code counts toward the account's login throttle (the mfa_token itself dies after five).
            await throttle.TryReserveAsync(user.NormalizedEmail, cancellationToken);
            metrics.Login(LoginOutcome.Failed);
            throw new UnauthorizedException(InvalidCode);
        }

        challenge.Complete(now);
        var refreshValue = refreshTokens.NewValue();
        Session session;
        DateTimeOffset issuedAt;
        try
        {
            // As a login: the session is dated and stored inside one unit, only under the stamp read above,
            // with the session cap applied.
            (session, issuedAt) = await unitOfWork.ExecuteAsync(async ct =>
            {
                var at = time.GetUtcNow();
                user.RecordLogin(at); // the user's row is updated on the condition that its security stamp is the one read
                var started = Session.Start(user.Id, at, tokenPairs.SessionLifetime, caller.Ip, caller.UserAgent, user.SecurityStamp, id: ids.New(at));
                db.Sessions.Add(started);
                db.RefreshTokens.Add(started.IssueRefreshToken(ids.New(at), refreshTokens.Hash(refreshValue), at));
                db.SecurityEvents.Add(SecurityEvent.Record(SecurityEventType.LoginSucceeded, user.Id, user.Id, caller.Ip, at,
                    string.IsNullOrEmpty(command.RecoveryCode) ? "second factor: totp" : "second factor: recovery code", id: ids.New(at)));
                await db.SaveChangesAsync(ct);
                await revoker.EndLeastRecentlyUsedAsync(user.Id, authOptions.Value.MaxSessionsPerUser, at, ct);
                return (started, at);
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new UnauthorizedException(InvalidToken);
        }

        await throttle.ResetAsync(user.NormalizedEmail, cancellationToken);
        metrics.Login(LoginOutcome.Succeeded);
        return tokenPairs.Issue(user, session, refreshValue, issuedAt);
    }

    /// <summary>Two requests with one <c>mfa_token</c> (or one code) at once: the second conflicts on a version and is refused.</summary>
    private async Task SaveOrRefuseAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new UnauthorizedException(InvalidToken);
        }
    }
}
