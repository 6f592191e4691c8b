using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Application.Auth.Mfa;

/// <summary>Ten single-use recovery codes per enrolment (50 random bits each, shown once, stored as hashes).</summary>
public sealed class RecoveryCodes(IShopDbContext db, IRefreshTokenFactory hashes)
{
    public const int Count = 10;
    public const int MaxLength = 32;
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i

    /// <summary>Replaces the user's codes with <see cref="Count"/> new ones; returns them as the user sees them.</summary>
    public async Task<IReadOnlyList<string>> ReplaceAsync(Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        var codes = new List<string>(Count);
        for (var i = 0; i < Count; i++)
        {
            var code = new string(Enumerable.Range(0, 10).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());
            code = $"{code[..5]}-{code[5..]}";
            codes.Add(code);
            db.RecoveryCodes.Add(RecoveryCode.Issue(userId, hashes.Hash(Normalize(code)), now));
        }

        return codes;
    }

    /// <summary>Uses one code if it is the user's and unused: one conditional UPDATE, so it works once even
    /// when sent twice at the same moment.</summary>
    public async Task<bool> TryUseAsync(Guid userId, string code, DateTimeOffset now, CancellationToken ct)
    {
        var hash = hashes.Hash(Normalize(code));
        return await db.RecoveryCodes
            .Where(c => c.UserId == userId && c.CodeHash == hash && c.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now), ct) == 1;
    }

    public Task DeleteAllAsync(Guid userId, CancellationToken ct) =>
        db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);

    private static string Normalize(string code) =>
        new(code.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
