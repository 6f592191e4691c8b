using MimeKit;
using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Email;

internal static class MimeMessages
{
    /// <summary>A multipart/alternative message (text, then HTML). MimeKit encodes names and subjects, and
    /// the outbox already made them single-line, so no field can add a header.</summary>
    public static MimeMessage Build(EmailMessage email, string from)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(email.ToName, email.ToAddress));
        message.Subject = email.Subject;
        message.MessageId = $"{email.Id:N}@shop";
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        return message;
    }
}
