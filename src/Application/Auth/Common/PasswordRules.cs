using FluentValidation;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Auth.Common;

public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public const string TooCommon = "This password is one of the most common passwords; choose another.";
    public const string OneCharacter = "This password repeats one character; choose another.";
    public const string LikeEmail = "The password must not be your email address or its part before the @.";

    /// <summary>Length, the common-password list (with its trivial variants) and no single repeated
    /// character; no composition rules (NIST SP 800-63B).</summary>
    public static IRuleBuilderOptions<T, string> ValidNewPassword<T>(this IRuleBuilder<T, string> rule, ICommonPasswords commonPasswords) =>
        rule.NotEmpty()
            .MinimumLength(MinLength)
            .MaximumLength(MaxLength)
            .Must(password => password is null || !IsCommonVariant(password, commonPasswords)).WithMessage(TooCommon)
            .Must(password => password is null || password.Distinct().Count() > 1).WithMessage(OneCharacter);

    /// <summary>A common password in any case, or one with digits or symbols added at its end ("Password1!").</summary>
    public static bool IsCommonVariant(string password, ICommonPasswords commonPasswords)
    {
        if (commonPasswords.IsCommon(password))
        {
            return true;
        }

        var stem = password.TrimEnd().TrimEnd(password.Where(c => !char.IsLetter(c)).Distinct().ToArray());
        return stem.Length > 0 && stem.Length < password.Length && commonPasswords.IsCommon(stem);
    }

    /// <summary>The password is the email, or its local part, in any case (compared in canonical form).</summary>
    public static bool ResemblesEmail(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password) || string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var canonicalPassword = Shop.Domain.Users.User.NormalizeEmail(password);
        var canonicalEmail = Shop.Domain.Users.User.NormalizeEmail(email);
        var at = canonicalEmail.IndexOf('@', StringComparison.Ordinal);
        return canonicalPassword == canonicalEmail || (at > 0 && canonicalPassword == canonicalEmail[..at]);
    }
}
