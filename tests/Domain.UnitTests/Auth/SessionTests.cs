using Shop.Domain.Auth;
using Shop.Domain.Common;

namespace Shop.Domain.UnitTests.Auth;

public sealed class SessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Fact]
    public void Start_SetsAnAbsoluteExpiry_AndAnIdThatCarriesTheCreationTime()
    {
        var session = Session.Start(Guid.NewGuid(), Now, Week, "127.0.0.1", "curl/8");

        Assert.Equal(Now + Week, session.ExpiresAt);
        Assert.Equal(Now, UuidV7.Timestamp(session.Id));
        Assert.True(session.IsActive(Now));
        Assert.False(session.IsActive(Now + Week));
    }

    [Fact]
    public void RefreshTokens_NeverOutliveTheSession_HoweverLateTheyAreIssued()
    {
        var session = Session.Start(Guid.NewGuid(), Now, Week, null, null);

        var token = session.IssueRefreshToken(Guid.NewGuid(), "hash", Now + TimeSpan.FromDays(6));

        Assert.Equal(session.ExpiresAt, token.ExpiresAt);
    }

    [Fact]
    public void ARevokedSession_IssuesNothing()
    {
        var session = Session.Start(Guid.NewGuid(), Now, Week, null, null);
        session.Revoke(Now, RevocationReason.Logout);

        Assert.Throws<DomainException>(() => session.IssueRefreshToken(Guid.NewGuid(), "hash", Now));
        Assert.False(session.IsActive(Now));
    }

    [Fact]
    public void AnExpiredSession_IssuesNothing()
    {
        var session = Session.Start(Guid.NewGuid(), Now, Week, null, null);

        Assert.Throws<DomainException>(() => session.IssueRefreshToken(Guid.NewGuid(), "hash", Now + Week));
    }

    [Fact]
    public void RevokingTwice_KeepsTheFirstTimeAndReason()
    {
        var session = Session.Start(Guid.NewGuid(), Now, Week, null, null);

        Assert.True(session.Revoke(Now, RevocationReason.Logout));
        Assert.False(session.Revoke(Now.AddMinutes(1), RevocationReason.Ops));

        Assert.Equal(Now, session.RevokedAt);
        Assert.Equal(RevocationReason.Logout, session.RevokedReason);
    }

    [Fact]
    public void LongClientDetails_AreCutToTheirColumnSize()
    {
        var session = Session.Start(Guid.NewGuid(), Now, Week, new string('1', 100), new string('a', 2000));

        Assert.Equal(Session.MaxIpLength, session.Ip!.Length);
        Assert.Equal(Session.MaxUserAgentLength, session.UserAgent!.Length);
    }
}

public sealed class RefreshTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static RefreshToken NewToken() =>
        Session.Start(Guid.NewGuid(), Now, TimeSpan.FromDays(7), null, null).IssueRefreshToken(Guid.NewGuid(), "hash", Now);

    [Fact]
    public void AConsumedToken_CannotBeConsumedAgain()
    {
        var token = NewToken();
        token.Consume(Now, Guid.NewGuid());

        Assert.False(token.IsActive(Now));
        Assert.Throws<DomainException>(() => token.Consume(Now, Guid.NewGuid()));
    }

    [Fact]
    public void AnExpiredToken_CannotBeConsumed()
    {
        var token = NewToken();

        Assert.Throws<DomainException>(() => token.Consume(token.ExpiresAt, Guid.NewGuid()));
    }

    [Fact]
    public void GraceCoversOnlyTheWindowAfterRotation()
    {
        var token = NewToken();
        var grace = TimeSpan.FromSeconds(10);
        Assert.False(token.IsWithinGrace(Now, grace)); // not rotated yet

        token.Consume(Now, Guid.NewGuid());

        Assert.True(token.IsWithinGrace(Now + grace, grace));
        Assert.False(token.IsWithinGrace(Now + grace + TimeSpan.FromMilliseconds(1), grace));
    }
}
