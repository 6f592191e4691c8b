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
        Assert.True(session.IsLiveAt(Now));
        Assert.False(session.IsLiveAt(Now + Week));
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
        AsStored.Set(session, nameof(Session.RevokedAt), (DateTimeOffset?)Now); // revocation is a set-based UPDATE

        Assert.Throws<DomainException>(() => session.IssueRefreshToken(Guid.NewGuid(), "hash", Now));
        Assert.False(session.IsLiveAt(Now));
    }

    [Fact]
    public void AnExpiredSession_IssuesNothing()
    {
        var session = Session.Start(Guid.NewGuid(), Now, Week, null, null);

        Assert.Throws<DomainException>(() => session.IssueRefreshToken(Guid.NewGuid(), "hash", Now + Week));
    }

    [Theory]
    [InlineData(0, false, true)]
    [InlineData(7 * 24 * 60 - 1, false, true)]
    [InlineData(7 * 24 * 60, false, false)] // its absolute end
    [InlineData(0, true, false)]
    public void LiveAt_SaysTheSameInAQueryAndInMemory(int minutesLater, bool revoked, bool live)
    {
        var session = Session.Start(Guid.NewGuid(), Now, Week, null, null);
        if (revoked)
        {
            AsStored.Set(session, nameof(Session.RevokedAt), (DateTimeOffset?)Now);
        }

        var at = Now.AddMinutes(minutesLater);
        Assert.Equal(live, session.IsLiveAt(at));
        Assert.Equal(live, new[] { session }.AsQueryable().Where(Session.LiveAt(at)).Any());
    }

    [Fact]
    public void ACutOff_EndsSessionsCreatedAtOrBeforeIt_InAQueryAndInMemory()
    {
        var sessions = new[] { -1, 0, 1 }.Select(ms => Session.Start(Guid.NewGuid(), Now.AddMilliseconds(ms), Week, null, null)).ToArray();

        var cut = sessions.AsQueryable().Where(Revocation.CutsOff(Now)).Select(s => s.CreatedAt).ToArray();

        Assert.Equal([Now.AddMilliseconds(-1), Now], cut);
        Assert.Equal(cut, sessions.Where(s => Revocation.CutsOff(Now, s.CreatedAt)).Select(s => s.CreatedAt));
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
    public void AConsumedOrExpiredToken_IsNotActive()
    {
        var token = NewToken();
        Assert.True(token.IsActive(Now));
        Assert.False(token.IsActive(token.ExpiresAt));

        Consume(token, Now);
        Assert.False(token.IsActive(Now));
    }

    [Fact]
    public void GraceCoversOnlyTheWindowAfterRotation()
    {
        var token = NewToken();
        var grace = TimeSpan.FromSeconds(10);
        Assert.False(token.IsWithinGrace(Now, grace)); // not rotated yet

        Consume(token, Now);

        Assert.True(token.IsWithinGrace(Now + grace, grace));
        Assert.False(token.IsWithinGrace(Now + grace + TimeSpan.FromMilliseconds(1), grace));
    }

    /// <summary>Rotation is a compare-and-set UPDATE in the database; this is the row it leaves.</summary>
    private static void Consume(RefreshToken token, DateTimeOffset at)
    {
        AsStored.Set(token, nameof(RefreshToken.ConsumedAt), (DateTimeOffset?)at);
        AsStored.Set(token, nameof(RefreshToken.ReplacedById), (Guid?)Guid.NewGuid());
    }
}

/// <summary>Sets what a set-based UPDATE writes, as EF would when it loads the row.</summary>
internal static class AsStored
{
    public static void Set<T>(object entity, string property, T value) =>
        entity.GetType().GetProperty(property)!.SetValue(entity, value);
}
