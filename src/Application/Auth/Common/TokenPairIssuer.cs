using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Common;

/// <summary>Builds the token response for a session: a fresh access token beside a refresh token value.</summary>
public sealed class TokenPairIssuer(IAccessTokenIssuer accessTokens, IOptions<JwtOptions> options)
{
    public TokenPair Issue(User user, Session session, string refreshToken, DateTimeOffset now)
    {
        var access = accessTokens.Issue(user.Id, user.Role, session.Id, now, session.ExpiresAt);
        return new TokenPair(
            access.Value,
            "Bearer",
            Seconds(access.ExpiresAt - now),
            refreshToken,
            Seconds(session.ExpiresAt - now),
            session.ExpiresAt);
    }

    public TimeSpan SessionLifetime => options.Value.SessionLifetime;

    public TimeSpan ReuseGrace => options.Value.ReuseGrace;

    private static int Seconds(TimeSpan span) => (int)Math.Max(0, Math.Floor(span.TotalSeconds));
}
