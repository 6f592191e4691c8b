using Shop.Domain.Auth;
using Shop.Infrastructure.Redis;

namespace Shop.Infrastructure.UnitTests.Revocations;

public sealed class RevocationMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void EveryKindOfRevocation_ComesBackAsItWasSent()
    {
        var origin = Guid.NewGuid();
        var session = Guid.NewGuid();
        var user = Guid.NewGuid();
        var kept = Guid.NewGuid();
        Revocation[] sent = [Revocation.OfSession(session, Now), Revocation.OfUser(user, Now, kept), Revocation.Global(Now.AddHours(-1), Now)];

        Assert.True(RevocationMessage.TryDecode(RevocationMessage.Encode(origin, sent), out var from, out var items));

        Assert.Equal(origin, from);
        Assert.Equal(
            sent.Select(r => new RevocationMessage.Item(r.Kind, r.SubjectId, r.Cutoff, r.CreatedAt, r.ExceptSessionId)),
            items);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("r2 0123456789abcdef0123456789abcdef")]
    [InlineData("r1 not-a-guid")]
    [InlineData("r1 0123456789abcdef0123456789abcdef\n9 - 1 1")] // unknown kind
    [InlineData("r1 0123456789abcdef0123456789abcdef\n0 zz 1 1")] // bad subject
    [InlineData("r1 0123456789abcdef0123456789abcdef\n0 - x 1")] // bad ticks
    [InlineData("r1 0123456789abcdef0123456789abcdef\n1 0123456789abcdef0123456789abcdef 1 1 nope")] // bad spared session
    [InlineData("r1 0123456789abcdef0123456789abcdef\n0 -")] // too short
    public void AMalformedMessage_IsIgnoredWhole(string? message)
    {
        Assert.False(RevocationMessage.TryDecode(message, out _, out var items));
        Assert.Empty(items);
    }
}
