using FluentValidation;
using FluentValidation.Results;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Common;

public static class AccountTokenRules
{
    /// <summary>A token value is 43 base64url characters; anything much longer is not one of ours.</summary>
    public const int MaxLength = 128;

    /// <summary>One answer for an unknown, used, expired or tampered token: nothing tells them apart.</summary>
    public static ValidationException InvalidToken() =>
        new([new ValidationFailure("token", "This link is invalid, was already used, or has expired.")]);

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(User.MaxEmailLength).EmailAddress();
}
