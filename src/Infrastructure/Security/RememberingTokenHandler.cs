using System.Collections.Concurrent;
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
/// The signing keys come from configuration at start, so a remembered token cannot outlive its key.</para>
/// </summary>
public sealed class RememberingTokenHandler(int capacity = RememberingTokenHandler.DefaultCapacity) : JsonWebTokenHandler
{
    /// <summary>About 3 KB a token; at most ~12 MB however many tokens come by.</summary>
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>How many tokens are remembered now.</summary>
    public int Remembered => Volatile.Read(ref _count);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_validated.TryGetValue(token, out var known))
        {
            if (validationParameters.LifetimeValidator is { } lifetime
                && lifetime(known.Token.ValidFrom, known.Token.ValidTo, known.Token, validationParameters))
            {
                return known.Result();
            }

            Forget(token); // expired: validated again below, and refused for its own reason
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

        Remember(token, new Validated(jwt, result.ClaimsIdentity, result.Issuer, result.TokenType));
        return result;
    }

    private void Remember(string token, Validated validated)
    {
        if (Interlocked.Increment(ref _count) > capacity)
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

    private void Forget(string token)
    {
        if (_validated.TryRemove(token, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed record Validated(JsonWebToken Token, ClaimsIdentity Identity, string Issuer, string TokenType)
    {
        /// <summary>A copy of the identity each time: a request may add to its principal, never to another's.</summary>
        public TokenValidationResult Result() => new()
        {
            IsValid = true,
            SecurityToken = Token,
            ClaimsIdentity = Identity.Clone(),
            Issuer = Issuer,
            TokenType = TokenType,
        };
    }
}
