using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DotNet.Testcontainers.Builders;
using Testcontainers.Redis;

namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// A Redis server for the scale-out tests: a container (Testcontainers.Redis) where a Docker engine answers,
/// else the server named by <c>SHOP_TEST_REDIS</c> (host:port), else a private <c>redis-server</c> started
/// from <c>SHOP_TEST_REDIS_SERVER</c> (or the <c>redis-server</c> on the PATH) on a free port. Tests that stop and restart Redis need a server of
/// their own (a container or a private process), never the shared one.
/// </summary>
public abstract class RedisServer : IAsyncDisposable
{
    public const string SharedVariable = "SHOP_TEST_REDIS";
    public const string ExecutableVariable = "SHOP_TEST_REDIS_SERVER";

    /// <summary>The StackExchange.Redis configuration string (<c>Redis:Configuration</c>).</summary>
    public abstract string Configuration { get; }

    public virtual Task StopAsync() => throw new NotSupportedException("This Redis server is shared; it is not stopped by tests.");

    public virtual Task StartAgainAsync() => throw new NotSupportedException("This Redis server is shared; it is not stopped by tests.");

    public abstract ValueTask DisposeAsync();

    /// <summary>A running Redis server, or the reason there is none here.</summary>
    public static async Task<(RedisServer? Server, string? SkipReason)> AcquireAsync(bool mustBeStoppable)
    {
        if (DockerProbe.IsAvailable(out _))
        {
            var container = new ContainerRedis(mustBeStoppable);
            await container.StartAsync();
            return (container, null);
        }

        var shared = Environment.GetEnvironmentVariable(SharedVariable);
        if (!mustBeStoppable && !string.IsNullOrWhiteSpace(shared))
        {
            return (new SharedRedis(shared), null);
        }

        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } named ? named : OnPath("redis-server");
        if (!string.IsNullOrWhiteSpace(executable))
        {
            var server = new PrivateRedis(executable);
            await server.StartAgainAsync();
            return (server, null);
        }

        DockerProbe.IsAvailable(out var why);
        return (null, mustBeStoppable
            ? $"Redis: this test stops and restarts Redis, so it needs one of its own: {why}, and {ExecutableVariable} (a redis-server binary) is not set and redis-server is not on the PATH."
            : $"Redis: {why}, neither {SharedVariable} (host:port) nor {ExecutableVariable} (a redis-server binary) is set, and redis-server is not on the PATH.");
    }

    /// <summary>The full path of an executable found on the PATH, or null.</summary>
    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when a Redis server answers PING at the address.</summary>
    internal static async Task<bool> PingAsync(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}

internal sealed class SharedRedis(string configuration) : RedisServer
{
    public override string Configuration => configuration;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>redis-server as a child process on a fixed free port, so it can be killed and started again at the same address.</summary>
internal sealed class PrivateRedis(string executable) : RedisServer
{
    private readonly int _port = FreePort();
    private Process? _process;

    public override string Configuration => $"127.0.0.1:{_port}";

    public override async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!await PingAsync("127.0.0.1", _port))
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"redis-server did not start on port {_port}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the server, as a crash would: its clients see their connections drop.</summary>
    public override async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public override async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>A Redis container; when it must be stoppable its host port is fixed so a restart keeps the address.</summary>
internal sealed class ContainerRedis(bool fixedPort) : RedisServer
{
    private const int RedisPort = 6379;

    private readonly RedisContainer _container = fixedPort
        ? new RedisBuilder("redis:7.4").WithPortBinding(FreePort(), RedisPort).Build()
        : new RedisBuilder("redis:7.4").Build();

    public override string Configuration => _container.GetConnectionString();

    public Task StartAsync() => _container.StartAsync();

    public override Task StopAsync() => _container.StopAsync();

    public override async Task StartAgainAsync()
    {
        await _container.StartAsync();
        var deadline = Stopwatch.StartNew();
        while (!await PingAsync(_container.Hostname, _container.GetMappedPublicPort(RedisPort)) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }
    }

    public override ValueTask DisposeAsync() => _container.DisposeAsync();
}
