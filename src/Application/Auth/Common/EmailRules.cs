using System.Globalization;
using FluentValidation;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Common;

/// <summary>
/// A plain mailbox, judged on the canonical form (<see cref="User.NormalizeEmail"/>): <c>local@domain</c>,
/// the local part of letters, digits and <c>.!#$%&amp;'*+/=?^_`{|}~-</c> (no quoting, no dot at either end or
/// twice), the domain of at least two labels of letters, digits and hyphens. No spaces, control or
/// format characters (zero-width ones included), no angle brackets, no CR/LF, no display name.
/// </summary>
public static class EmailRules
{
    public const string NotAMailbox = "'email' must be a plain address such as name@example.com.";

    private const string LocalSymbols = ".!#$%&'*+/=?^_`{|}~-";

    public static IRuleBuilderOptions<T, string> PlainMailbox<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(email => email is null || IsPlainMailbox(User.NormalizeEmail(email))).WithMessage(NotAMailbox);

    public static bool IsPlainMailbox(string canonical)
    {
        var at = canonical.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != canonical.LastIndexOf('@') || at == canonical.Length - 1 || at > 64)
        {
            return false;
        }

        var local = canonical[..at];
        var domain = canonical[(at + 1)..];
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal)
            || !local.All(c => IsWordCharacter(c) || LocalSymbols.Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(label =>
            label.Length is > 0 and <= 63
            && !label.StartsWith('-') && !label.EndsWith('-')
            && label.All(c => IsWordCharacter(c) || c == '-'));
    }

    /// <summary>A letter, a combining mark or a digit (international addresses are allowed); nothing else.</summary>
    private static bool IsWordCharacter(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.DecimalDigitNumber => true,
        _ => false,
    };
}
