using System.Net;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Email;
using Shop.Domain.Users;

namespace Shop.Application.Auth.Common;

/// <summary>
/// The account emails, plain text and HTML. Each becomes an <see cref="OutboxEmail"/> that the caller adds
/// to the context beside the change that caused it, so both are saved together or not at all. Names and
/// links are HTML-encoded in the HTML part; header values are made single-line by the outbox row.
/// </summary>
public sealed class AccountEmails(IPublicBaseUrl baseUrl)
{
    public OutboxEmail PasswordReset(User user, string token, TimeSpan lifetime, DateTimeOffset now)
    {
        var link = Link("reset-password", token);
        var minutes = (int)lifetime.TotalMinutes;
        return Compose(user, "Reset your Shop password", now,
            $"Someone asked to reset the password of your Shop account.\n\nTo choose a new password, open this link within {minutes} minutes:\n{link}\n\nIf it was not you, ignore this email: your password stays as it is.",
            $"<p>Someone asked to reset the password of your Shop account.</p><p><a href=\"{Html(link)}\">Choose a new password</a> (the link works once, for {minutes} minutes).</p><p>If it was not you, ignore this email: your password stays as it is.</p>");
    }

    public OutboxEmail PasswordChanged(User user, DateTimeOffset now) =>
        Compose(user, "Your Shop password was changed", now,
            $"The password of your Shop account was changed at {now:yyyy-MM-dd HH:mm} UTC and every device was signed out.\n\nIf it was not you, reset your password at once: {baseUrl.Value}/forgot-password",
            $"<p>The password of your Shop account was changed at {now:yyyy-MM-dd HH:mm} UTC and every device was signed out.</p><p>If it was not you, <a href=\"{Html(baseUrl.Value + "/forgot-password")}\">reset your password</a> at once.</p>");

    public OutboxEmail ConfirmEmail(User user, string token, DateTimeOffset now)
    {
        var link = Link("confirm-email", token);
        return Compose(user, "Confirm your email address", now,
            $"Welcome to Shop.\n\nTo confirm that this address is yours, open this link:\n{link}",
            $"<p>Welcome to Shop.</p><p><a href=\"{Html(link)}\">Confirm that this address is yours</a>.</p>");
    }

    private string Link(string page, string token) => $"{baseUrl.Value}/{page}?token={Uri.EscapeDataString(token)}";

    private static OutboxEmail Compose(User user, string subject, DateTimeOffset now, string text, string html)
    {
        var name = OutboxEmail.OneLine(user.FullName, OutboxEmail.MaxNameLength);
        var greeting = name.Length > 0 ? $"Hello {name},\n\n" : "";
        var htmlGreeting = name.Length > 0 ? $"<p>Hello {Html(name)},</p>" : "";
        return OutboxEmail.Create(user.Email, name, subject, greeting + text + "\n", $"<!DOCTYPE html><html><body>{htmlGreeting}{html}</body></html>", now);
    }

    private static string Html(string value) => WebUtility.HtmlEncode(value);
}
