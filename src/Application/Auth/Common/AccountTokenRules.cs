using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Common;

public static class AccountTokenRules
{
    /// <summary>A token value is 43 base64url characters; anything much longer is not one of ours.</summary>
    public const int MaxLength = 128;

    /// <summary>One answer for an unknown, used, expired or tampered token: nothing tells them apart.</summary>
    public static ValidationException InvalidToken() =>
        new([new ValidationFailure("token", "This link is invalid, was already used, or has expired.")]);

    /// <summary>Finds the usable token of that purpose and its user, and marks it used (staged, not saved).
    /// Save with <see cref="SaveRedeemedAsync"/>: of two uses at once, the second conflicts on the token's version.</summary>
    public static async Task<(AccountToken Token, User User)> RedeemAsync(
        this IShopDbContext db, string tokenHash, string purpose, DateTimeOffset now, CancellationToken ct)
    {
        var token = await db.AccountTokens.FirstOrDefaultAsync(t => t.TokenHash == tokenHash && t.Purpose == purpose, ct);
        if (token is null || !token.IsUsable(now))
        {
            throw InvalidToken();
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, ct) ?? throw InvalidToken();
        token.Use(now);
        return (token, user);
    }

    public static async Task SaveRedeemedAsync(this IShopDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw InvalidToken(); // another request used this token (or changed the user) first
        }
    }

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(User.MaxEmailLength).EmailAddress();
}
