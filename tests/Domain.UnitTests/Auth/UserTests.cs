using Shop.Domain.Common;
using Shop.Domain.Users;

namespace Shop.Domain.UnitTests.Auth;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Emails_AreComparedCaseInsensitively()
    {
        var user = User.Register("  Ann.Smith@Example.COM ", "Ann", "hash", Role.Customer, Now);

        Assert.Equal("Ann.Smith@Example.COM", user.Email);
        Assert.Equal(User.NormalizeEmail("ann.smith@example.com"), user.NormalizedEmail);
    }

    [Fact]
    public void ALock_EndsAtItsTime()
    {
        var user = User.Register("a@b.c", "A", "hash", Role.Customer, Now);
        user.Lock(Now.AddHours(1), "stolen laptop", Now);

        Assert.True(user.IsLocked(Now.AddMinutes(59)));
        Assert.False(user.IsLocked(Now.AddHours(1)));
    }

    [Fact]
    public void ALockInThePast_IsRefused()
    {
        var user = User.Register("a@b.c", "A", "hash", Role.Customer, Now);

        Assert.Equal("until", Assert.Throws<InvalidValueException>(() => user.Lock(Now, null, Now)).Field);
    }

    [Fact]
    public void EveryChange_MovesTheConcurrencyVersion()
    {
        var user = User.Register("a@b.c", "A", "hash", Role.Customer, Now);
        var versions = new HashSet<Guid> { user.Version };

        user.ChangeRole(Role.Ops);
        Assert.True(versions.Add(user.Version));
        user.ChangePasswordHash("other");
        Assert.True(versions.Add(user.Version));
        user.Lock(Now.AddDays(1), null, Now);
        Assert.True(versions.Add(user.Version));
    }
}
