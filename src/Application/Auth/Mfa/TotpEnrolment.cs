using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Mfa;

public sealed record TotpSetupResponse(string Secret, string OtpauthUri);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

/// <summary>What the three enrolment steps (setup, enable, disable) share: the caller's row, the password check, the answer to a wrong code.</summary>
public static class TotpEnrolment
{
    public static async Task<User> CallerAsync(IShopDbContext db, ICurrentUser caller, CancellationToken ct)
    {
        var userId = caller.RequireUserId();
        return await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new UnauthorizedException("The account no longer exists.");
    }

    public static void RequirePassword(IPasswordHashing hasher, User user, string password)
    {
        if (hasher.Verify(user.PasswordHash, password) == PasswordCheck.Failed)
        {
            throw new ValidationException([new ValidationFailure("password", "The password is not correct.")]);
        }
    }

    public static ValidationException WrongCode() => new([new ValidationFailure("code", "The code is not valid.")]);
}
