using FluentValidation;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Auth.Common;

public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public const string TooCommon = "This password is one of the most common passwords; choose another.";

    /// <summary>Length and the common-password list only, no composition rules (NIST SP 800-63B).</summary>
    public static IRuleBuilderOptions<T, string> ValidNewPassword<T>(this IRuleBuilder<T, string> rule, ICommonPasswords commonPasswords) =>
        rule.NotEmpty()
            .MinimumLength(MinLength)
            .MaximumLength(MaxLength)
            .Must(password => password is null || !commonPasswords.IsCommon(password)).WithMessage(TooCommon);
}
