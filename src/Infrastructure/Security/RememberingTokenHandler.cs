using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Infrastructure.Security;

/// <summary>
/// The access-token handler of the API: validates a token the first time it is seen (signature, algorithm,
/// type, issuer, audience, lifetime, then <see cref="StrictJwt"/>) and remembers that the exact string passed,
/// so the next requests with it pay a dictionary lookup instead of the HMAC and two JSON parses.
/// <para>What is remembered never outlives its reason: every answer from memory re-runs the lifetime rule of the
/// same <see cref="TokenValidationParameters"/> against the current clock, a failure is never remembered, and
/// revocation is not this class's business (it is checked on every request after it). The key is the whole
/// token, compared ordinally, so a token differing in one character is a stranger and is validated in full.
/// The signing keys come from configuration at start, so a remembered token cannot outlive its key. The claims
/// are read-only (<see cref="ReadOnlyClaimsPrincipal"/>) and shared by the token's requests, none of which can
/// change them for another.</para>
/// </summary>
public sealed class RememberingTokenHandler : JsonWebTokenHandler
{
    /// <summary>About 3 KB a token; at most ~12 MB however many tokens come by.</summary>
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<string, Validated> _validated;
    private readonly ConcurrentDictionary<string, Validated>.AlternateLookup<ReadOnlySpan<char>> _validatedByText;
    private readonly int _capacity;
    private int _count;

    public RememberingTokenHandler(int capacity = DefaultCapacity)
    {
        _capacity = capacity;
        _validated = new ConcurrentDictionary<string, Validated>(TokenComparer.Instance);
        _validatedByText = _validated.GetAlternateLookup<ReadOnlySpan<char>>(); // looks a header's token up without copying it
    }

    /// <summary>How many tokens are remembered now.</summary>
    public int Remembered => Volatile.Read(ref _count);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (TryRecall(token.AsSpan(), validationParameters) is { } known)
        {
            return known.Result();
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid)
        {
            return result;
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (StrictJwt.Violation(jwt) is { } violation)
        {
            return new TokenValidationResult
            {
                IsValid = false,
                Exception = new SecurityTokenMalformedException($"The token is not well-formed: {violation}."),
            };
        }

        var validated = new Validated(jwt, result.ClaimsIdentity, result.Issuer, result.TokenType);
        Remember(token, validated);
        return validated.Result();
    }

    /// <summary>
    /// The answer from memory alone: true, with the token and its read-only principal, when exactly this token
    /// was validated in full before and the lifetime rule of <paramref name="validationParameters"/> still
    /// accepts it now; false otherwise (never seen, or expired: then forgotten, and a full validation refuses it).
    /// </summary>
    public bool TryRecall(
        ReadOnlySpan<char> token,
        TokenValidationParameters validationParameters,
        [NotNullWhen(true)] out JsonWebToken? validated,
        [NotNullWhen(true)] out ClaimsPrincipal? principal)
    {
        if (TryRecall(token, validationParameters) is { } known)
        {
            (validated, principal) = (known.Token, known.Principal);
            return true;
        }

        (validated, principal) = (null, null);
        return false;
    }

    private Validated? TryRecall(ReadOnlySpan<char> token, TokenValidationParameters validationParameters)
    {
        if (!_validatedByText.TryGetValue(token, out var known))
        {
            return null;
        }

        if (validationParameters.LifetimeValidator is { } lifetime
            && lifetime(known.Token.ValidFrom, known.Token.ValidTo, known.Token, validationParameters))
        {
            return known;
        }

        if (_validatedByText.TryRemove(token, out _, out _))
        {
            Interlocked.Decrement(ref _count);
        }

        return null;
    }

    private void Remember(string token, Validated validated)
    {
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            // Full: start over rather than track ages; the tokens in use are validated again once each.
            _validated.Clear();
            Volatile.Write(ref _count, 1);
        }

        if (!_validated.TryAdd(token, validated))
        {
            Interlocked.Decrement(ref _count); // another request remembered it first
        }
    }

    /// <summary>What a token's full validation gave, with its claims made read-only once, to be shared by its requests.</summary>
    private sealed class Validated(JsonWebToken token, ClaimsIdentity identity, string issuer, string tokenType)
    {
        public JsonWebToken Token { get; } = token;

        public ReadOnlyClaimsPrincipal Principal { get; } = new(new ReadOnlyClaimsIdentity(identity));

        public TokenValidationResult Result() => new()
        {
            IsValid = true,
            SecurityToken = Token,
            ClaimsIdentity = (ClaimsIdentity)Principal.Identity!,
            Issuer = issuer,
            TokenType = tokenType,
        };
    }

    /// <summary>
    /// Equal tokens are equal in every character (ordinal); the hash reads only the last characters, the
    /// signature's, which are random for every token this class may hold (only tokens that passed validation
    /// are stored), instead of hashing ~700 characters on every request.
    /// </summary>
    private sealed class TokenComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
    {
        public static readonly TokenComparer Instance = new();
        private const int HashedTail = 32;

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string token) => GetHashCode(token.AsSpan());

        public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<char> alternate) =>
            string.GetHashCode(alternate.Length > HashedTail ? alternate[^HashedTail..] : alternate);

        public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();
    }
}
