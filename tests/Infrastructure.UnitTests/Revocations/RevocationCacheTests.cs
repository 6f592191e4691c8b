using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shop.Application.Common.Options;
using Shop.Domain.Auth;
using Shop.Domain.Common;
using Shop.Infrastructure.Revocations;

namespace Shop.Infrastructure.UnitTests.Revocations;

public sealed class RevocationCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly RevocationCache _cache;

    public RevocationCacheTests() =>
        _cache = new RevocationCache(Options.Create(new JwtOptions { AccessTokenExpireMinutes = 30 }), _time);

    private static Guid SessionCreatedAt(DateTimeOffset at) => UuidV7.New(at);

    [Fact]
    public void ARevokedSession_IsRefused_AndAnotherIsNot()
    {
        var revoked = SessionCreatedAt(Now.AddMinutes(-5));
        _cache.Apply(Revocation.OfSession(revoked, Now));

        Assert.True(_cache.IsRevoked(revoked, Guid.NewGuid()));
        Assert.False(_cache.IsRevoked(SessionCreatedAt(Now.AddMinutes(-5)), Guid.NewGuid()));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)] // a session of the cut-off's very millisecond counts as before it, as in the database
    [InlineData(1, false)]
    public void AUserCutOff_RefusesTheUsersSessionsCreatedAtOrBeforeIt(int createdMsAfterCutoff, bool refused)
    {
        var user = Guid.NewGuid();
        _cache.Apply(Revocation.OfUser(user, Now));

        var session = SessionCreatedAt(Now.AddMilliseconds(createdMsAfterCutoff));

        Assert.Equal(refused, _cache.IsRevoked(session, user));
        Assert.Equal(refused, Revocation.CutsOff(Now, UuidV7.Timestamp(session)));
        Assert.False(_cache.IsRevoked(session, Guid.NewGuid())); // another user's session is untouched
    }

    [Fact]
    public void AUserCutOff_SparesTheSessionThatChangedThePassword()
    {
        var user = Guid.NewGuid();
        var kept = SessionCreatedAt(Now.AddMinutes(-10));
        _cache.Apply(Revocation.OfUser(user, Now, exceptSessionId: kept));

        Assert.False(_cache.IsRevoked(kept, user));
        Assert.True(_cache.IsRevoked(SessionCreatedAt(Now.AddMinutes(-10)), user));
    }

    [Fact]
    public void ALaterCutOff_Wins_AndAnEarlierOneArrivingLate_ChangesNothing()
    {
        var user = Guid.NewGuid();
        _cache.Apply(Revocation.OfUser(user, Now));
        _cache.Apply(Revocation.OfUser(user, Now.AddMinutes(-30))); // delivered late, or twice

        Assert.True(_cache.IsRevoked(SessionCreatedAt(Now.AddMinutes(-1)), user));
    }

    [Fact]
    public void TheKillSwitch_RefusesEverySessionCreatedAtOrBeforeItsCutOff()
    {
        _cache.Apply(Revocation.Global(Now, Now));

        Assert.True(_cache.IsRevoked(SessionCreatedAt(Now), Guid.NewGuid()));
        Assert.False(_cache.IsRevoked(SessionCreatedAt(Now.AddMilliseconds(1)), Guid.NewGuid()));
    }

    [Fact]
    public void Prune_ForgetsEntries_OnceNoAccessTokenTheyRefuseCanBeValid_TheKillSwitchToo()
    {
        var user = Guid.NewGuid();
        var session = SessionCreatedAt(Now.AddMinutes(-1));
        _cache.Apply(Revocation.OfSession(session, Now));
        _cache.Apply(Revocation.OfUser(user, Now));
        _cache.Apply(Revocation.Global(Now, Now));

        _time.Advance(TimeSpan.FromMinutes(30)); // the access-token lifetime; the clock skew is still ahead
        _cache.Prune();
        Assert.True(_cache.IsRevoked(session, user));

        _time.Advance(JwtOptions.ClockSkew + TimeSpan.FromSeconds(1));
        _cache.Prune();
        Assert.False(_cache.IsRevoked(session, Guid.NewGuid()));
        Assert.False(_cache.IsRevoked(SessionCreatedAt(Now.AddMinutes(-1)), user));
        Assert.Equal(0, _cache.SessionCount);
    }
}
