using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>
/// An email waiting to be sent. It is written in the same transaction as the change that caused it, and a
/// background dispatcher delivers it later: a request never waits for, or fails because of, the mail server.
/// <see cref="NextAttemptAt"/> is both the retry schedule and the lease: a dispatcher claims a row by moving
/// it into the future with a conditional UPDATE, so two instances never send one message at once.
/// </summary>
public sealed class OutboxEmail
{
    public const int MaxAddressLength = 254;
    public const int MaxNameLength = 200;
    public const int MaxSubjectLength = 200;
    public const int MaxErrorLength = 500;

    private OutboxEmail() { } // for EF

    public Guid Id { get; private set; }
    public string ToAddress { get; private set; } = "";
    public string ToName { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public int Attempts { get; private set; }

    /// <summary>The dispatcher run that holds the row; only it may mark the row sent.</summary>
    public Guid? LeaseId { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Set when the dispatcher gave up (the message kept failing for too long).</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>The last delivery error, without the message's content.</summary>
    public string? LastError { get; private set; }

    public static OutboxEmail Create(string toAddress, string toName, string subject, string textBody, string htmlBody, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        return new OutboxEmail
        {
            Id = UuidV7.New(now),
            ToAddress = toAddress.Trim(),
            ToName = OneLine(toName, MaxNameLength),
            Subject = OneLine(subject, MaxSubjectLength),
            TextBody = textBody,
            HtmlBody = htmlBody,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>Header values never carry a line break or another control character (no header injection).</summary>
    public static string OneLine(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var clean = new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length > maxLength ? clean[..maxLength] : clean;
    }
}
