using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;

namespace Shop.Infrastructure.Email;

/// <summary>
/// Without <c>Email:Smtp:Host</c>: each email becomes an <c>.eml</c> file in <c>Email:PickupDirectory</c>
/// (any mail client opens it), written under a temporary name and then renamed, so a reader never sees half
/// a file. The path is logged; the content is not.
/// </summary>
public sealed partial class PickupDirectoryEmailSender(
    IOptions<EmailOptions> options,
    IHostEnvironment environment,
    ILogger<PickupDirectoryEmailSender> logger) : IEmailSender
{
    public string Directory => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.PickupDirectory));

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var directory = Directory;
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{message.Id:N}.eml");
        var temporary = path + ".tmp";
        var mime = MimeMessages.Build(message, options.Value.From);
        foreach (var part in mime.BodyParts.OfType<MimeKit.TextPart>())
        {
            // Unencoded (8-bit UTF-8), so a link is one line that grep and a terminal show whole.
            part.ContentTransferEncoding = MimeKit.ContentEncoding.EightBit;
        }

        await mime.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        LogWritten(logger, path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email written to {Path} (no Email:Smtp:Host is set)")]
    private static partial void LogWritten(ILogger logger, string path);
}
