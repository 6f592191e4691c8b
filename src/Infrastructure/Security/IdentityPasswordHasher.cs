using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Infrastructure.Security;

/// <summary>
/// ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, format v3) at 220,000 iterations.
/// Hashes made with fewer iterations verify as "rehash needed" and are upgraded at the next login.
/// </summary>
public sealed class IdentityPasswordHasher : Application.Common.Interfaces.IPasswordHashing
{
    public const int Iterations = 220_000;

    private readonly PasswordHasher<User> _inner;
    private readonly string _dummyHash;

    public IdentityPasswordHasher()
        : this(Iterations)
    {
    }

    internal IdentityPasswordHasher(int iterations)
    {
        _inner = new PasswordHasher<User>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = iterations,
        }));
        _dummyHash = _inner.HashPassword(null!, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
    }

    public string Hash(string password) => _inner.HashPassword(null!, password);

    public PasswordCheck Verify(string hash, string password) =>
        _inner.VerifyHashedPassword(null!, hash, password) switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Success,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
            _ => PasswordCheck.Failed,
        };

    public void VerifyDummy(string password) => _inner.VerifyHashedPassword(null!, _dummyHash, password);
}
