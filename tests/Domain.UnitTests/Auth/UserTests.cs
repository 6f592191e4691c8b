using Shop.Domain.Common;
using Shop.Domain.Users;

namespace Shop.Domain.UnitTests.Auth;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Emails_AreStoredAndComparedInTheirCanonicalForm()
    {
        var user = User.Register("  Ann.Smith@Example.COM ", "Ann", "hash", Role.Customer, Now);

        Assert.Equal("ann.smith@example.com", user.Email);
        Assert.Equal(User.NormalizeEmail("ann.smith@example.com"), user.NormalizedEmail);
    }

    [Theory]
    [InlineData("ſam@shop.local", "sam@shop.local")]        // U+017F long s: NFKC makes it "s"
    [InlineData("admin@ſhop.local", "admin@shop.local")]
    [InlineData("Kate@shop.local", "kate@shop.local")] // Kelvin sign
    [InlineData("admın@shop.local", "admın@shop.local")]    // dotless i stays itself (upper-casing made it "I")
    public void CompatibilityCharacters_FoldOntoTheLettersTheyStandFor(string given, string canonical)
    {
        Assert.Equal(canonical, User.NormalizeEmail(given));
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
