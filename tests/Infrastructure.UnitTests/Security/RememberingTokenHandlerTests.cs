using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Shop.Application.Common.Options;
using Shop.Domain.Users;
using Shop.Infrastructure.Security;

namespace Shop.Infrastructure.UnitTests.Security;

public sealed class RememberingTokenHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly JwtOptions _jwt = new() { SigningKey = "a-signing-key-for-the-handler-tests-0123456789" };
    private readonly JwtAccessTokenIssuer _issuer;
    private readonly TokenValidationParameters _parameters;

    public RememberingTokenHandlerTests()
    {
        var keys = new SigningKeys(Options.Create(_jwt));
        _issuer = new JwtAccessTokenIssuer(keys, Options.Create(_jwt));
        _parameters = JwtAccessTokenIssuer.ValidationParameters(keys, _jwt, _time);
    }

    private string NewToken() =>
        _issuer.Issue(Guid.NewGuid(), Role.Customer, Guid.NewGuid(), _time.GetUtcNow(), _time.GetUtcNow().AddDays(7)).Value;

    [Fact]
    public async Task AValidatedToken_IsRemembered_AndAnswersWithItsOwnClaimsEachTime()
    {
        var handler = new RememberingTokenHandler { MapInboundClaims = false };
        var token = NewToken();

        var first = await handler.ValidateTokenAsync(token, _parameters);
        var second = await handler.ValidateTokenAsync(token, _parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, handler.Remembered);
        Assert.Equal(
            first.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)),
            second.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)));
        Assert.Equal("customer", second.ClaimsIdentity.FindFirst("role")?.Value);
        Assert.True(handler.TryRecall(token, _parameters, out var recalled, out var principal));
        Assert.Same(second.SecurityToken, recalled);
        Assert.Equal(second.ClaimsIdentity.Claims.Select(c => c.Value), principal.Claims.Select(c => c.Value));
    }

    [Fact]
    public async Task TheClaimsSharedByATokensRequests_CannotBeChanged_ButACloneCan()
    {
        var handler = new RememberingTokenHandler { MapInboundClaims = false };
        var token = NewToken();
        await handler.ValidateTokenAsync(token, _parameters);
        Assert.True(handler.TryRecall(token, _parameters, out _, out var principal));
        var identity = (ClaimsIdentity)principal.Identity!;
        var role = identity.FindFirst("role")!;

        Assert.Throws<InvalidOperationException>(() => identity.AddClaim(new Claim("role", "admin")));
        Assert.Throws<InvalidOperationException>(() => identity.AddClaims([new Claim("role", "admin")]));
        Assert.Throws<InvalidOperationException>(() => identity.RemoveClaim(role));
        Assert.Throws<InvalidOperationException>(() => identity.TryRemoveClaim(role));
        Assert.Throws<InvalidOperationException>(() => principal.AddIdentity(new ClaimsIdentity([new Claim("role", "admin")])));
        Assert.Throws<InvalidOperationException>(() => principal.AddIdentities([new ClaimsIdentity([new Claim("role", "admin")])]));
        Assert.True(handler.TryRecall(token, _parameters, out _, out var again));
        Assert.Equal(["customer"], again.FindAll("role").Select(c => c.Value));

        var copy = principal.Clone();
        ((ClaimsIdentity)copy.Identity!).AddClaim(new Claim("role", "admin"));
        Assert.True(copy.HasClaim("role", "admin"));
        Assert.Equal(["customer"], principal.FindAll("role").Select(c => c.Value));
    }

    [Fact]
    public async Task ARememberedToken_IsRefusedOnceItExpires()
    {
        var handler = new RememberingTokenHandler { MapInboundClaims = false };
        var token = NewToken();
        Assert.True((await handler.ValidateTokenAsync(token, _parameters)).IsValid);

        _time.Advance(_jwt.AccessTokenLifetime + JwtOptions.ClockSkew - TimeSpan.FromSeconds(1));
        Assert.True((await handler.ValidateTokenAsync(token, _parameters)).IsValid);

        _time.Advance(TimeSpan.FromSeconds(2));
        var expired = await handler.ValidateTokenAsync(token, _parameters);

        Assert.False(expired.IsValid);
        Assert.IsAssignableFrom<SecurityTokenException>(expired.Exception);
        Assert.Equal(0, handler.Remembered);
    }

    [Fact]
    public async Task ARememberedTokenWithOneCharacterChanged_IsAStrangerAndIsRefused()
    {
        var handler = new RememberingTokenHandler { MapInboundClaims = false };
        var token = NewToken();
        Assert.True((await handler.ValidateTokenAsync(token, _parameters)).IsValid);

        var signature = token[(token.LastIndexOf('.') + 1)..];
        var altered = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        Assert.False((await handler.ValidateTokenAsync(altered, _parameters)).IsValid);
        Assert.Equal(1, handler.Remembered);
    }

    [Fact]
    public async Task ARememberedTokensSignature_UnderAnotherPayload_IsAStrangerAndIsRefused()
    {
        var handler = new RememberingTokenHandler { MapInboundClaims = false };
        var token = NewToken();
        Assert.True((await handler.ValidateTokenAsync(token, _parameters)).IsValid);

        // The same header and signature, the payload of another genuine token (another user, another role).
        var other = _issuer.Issue(Guid.NewGuid(), Role.Admin, Guid.NewGuid(), _time.GetUtcNow(), _time.GetUtcNow().AddDays(7)).Value;
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{other.Split('.')[1]}.{parts[2]}";

        Assert.False(handler.TryRecall(forged, _parameters, out _, out _));
        Assert.False((await handler.ValidateTokenAsync(forged, _parameters)).IsValid);
        Assert.Equal(1, handler.Remembered);
    }

    [Fact]
    public async Task ATokenThatFailsTheStrictRules_IsRefused_AndNotRemembered()
    {
        var handler = new RememberingTokenHandler { MapInboundClaims = false };
        var claims = $$"""{"sub":"{{Guid.NewGuid()}}","sid":"{{Guid.NewGuid()}}","jti":"x","iss":"shop","aud":"shop","nbf":{{Now.ToUnixTimeSeconds()}},"exp":{{Now.AddMinutes(30).ToUnixTimeSeconds()}},"role":["customer","admin"]}""";
        var input = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"at+jwt"}""") + "." + Base64UrlEncoder.Encode(claims);
        var signature = Base64UrlEncoder.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_jwt.SigningKey!), Encoding.ASCII.GetBytes(input)));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var result = await handler.ValidateTokenAsync($"{input}.{signature}", _parameters);
            Assert.False(result.IsValid);
            Assert.IsType<SecurityTokenMalformedException>(result.Exception);
        }

        Assert.Equal(0, handler.Remembered);
    }

    [Fact]
    public async Task MoreTokensThanItsCapacity_AreAllValidated_AndMemoryStaysWithinIt()
    {
        var handler = new RememberingTokenHandler(capacity: 3) { MapInboundClaims = false };
        var tokens = Enumerable.Range(0, 10).Select(_ => NewToken()).ToList();

        foreach (var token in tokens.Concat(tokens))
        {
            Assert.True((await handler.ValidateTokenAsync(token, _parameters)).IsValid);
            Assert.InRange(handler.Remembered, 1, 3);
        }
    }
}
