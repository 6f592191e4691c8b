using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a loopback port: the API delivers to
/// it over SMTP with MailKit, exactly as to a production server, and tests read what it received.
/// One shared server serves every fixture (tests use unique addresses); a test that needs the server down
/// starts its own on a port of its choosing.
/// </summary>
public sealed partial class TestSmtpServer : IAsyncDisposable
{
    private static readonly Lazy<TestSmtpServer> SharedServer = new(() => Start());

    private readonly ConcurrentQueue<ReceivedEmail> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private TestSmtpServer(int port) => Port = port;

    public static TestSmtpServer Shared => SharedServer.Value;

    public int Port { get; }

    public IReadOnlyList<ReceivedEmail> Received => _received.ToArray();

    public static TestSmtpServer Start(int port = 0)
    {
        var server = new TestSmtpServer(port == 0 ? FreePort() : port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(server._received));
        var smtp = new SmtpServer.SmtpServer(options, services);
        server._running = smtp.StartAsync(server._stop.Token);
        return server;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public IReadOnlyList<ReceivedEmail> To(string address) =>
        _received.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits (real time) until <paramref name="count"/> messages to <paramref name="address"/> with a
    /// subject containing <paramref name="subject"/> have arrived; returns the newest.</summary>
    public async Task<ReceivedEmail> WaitForAsync(string address, string subject, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var matching = To(address).Where(m => (m.Message.Subject ?? "").Contains(subject, StringComparison.Ordinal)).ToList();
            if (matching.Count >= count)
            {
                return matching[^1];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No email '{subject}' #{count} to {address} arrived; {_received.Count} received in all.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<ReceivedEmail> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            received.Enqueue(new ReceivedEmail(message, transaction.To.Select(m => $"{m.User}@{m.Host}").ToList(), buffer.ToArray()));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>One message as the SMTP server received it: the envelope recipients, the parsed message, the raw bytes.</summary>
public sealed partial record ReceivedEmail(MimeMessage Message, IReadOnlyList<string> Recipients, byte[] Raw)
{
    public string Text => Message.TextBody ?? "";

    /// <summary>The token of the first <c>/{page}?token=…</c> link in the text part.</summary>
    public string TokenOf(string page)
    {
        var match = LinkPattern().Matches(Text).FirstOrDefault(m => m.Groups["page"].Value == page)
            ?? throw new InvalidOperationException($"No /{page} link in: {Text}");
        return Uri.UnescapeDataString(match.Groups["token"].Value);
    }

    [GeneratedRegex(@"https?://[^/\s]+/(?<page>[a-z-]+)\?token=(?<token>[A-Za-z0-9_%\-]+)")]
    private static partial Regex LinkPattern();
}
