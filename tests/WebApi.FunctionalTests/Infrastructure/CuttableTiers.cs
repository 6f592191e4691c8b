using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>A database tier whose database a test can make unreachable, and reachable again.</summary>
public interface ICuttableTier
{
    Task CutAsync();

    Task RestoreAsync();
}

/// <summary>A SQLite file in a folder of its own: moving the folder away makes every open fail.</summary>
public sealed class CuttableSqliteTier : DatabaseTier, ICuttableTier
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"shop-test-{Guid.NewGuid():N}");

    public override string Provider => "Sqlite";

    public override Task StartAsync()
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "shop.db"), Pooling = false }.ToString();
        return Task.CompletedTask;
    }

    public Task CutAsync()
    {
        Directory.Move(_folder, _folder + "-away");
        return Task.CompletedTask;
    }

    public Task RestoreAsync()
    {
        Directory.Move(_folder + "-away", _folder);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var folder in new[] { _folder, _folder + "-away" })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A PostgreSQL database reached through a TCP gate in this process: closing the gate drops every connection and refuses new ones.</summary>
public sealed class CuttablePostgresTier : DatabaseTier, ICuttableTier
{
    private readonly PostgresTier _inner = new();
    private TcpGate? _gate;

    public override string Provider => "Postgres";

    public override async Task StartAsync()
    {
        await _inner.StartAsync();
        SkipReason = _inner.SkipReason;
        if (SkipReason is not null)
        {
            return;
        }

        var builder = new NpgsqlConnectionStringBuilder(_inner.ConnectionString);
        _gate = new TcpGate(builder.Host!, builder.Port);
        _gate.Open();
        builder.Host = "127.0.0.1";
        builder.Port = _gate.Port;
        builder.Timeout = 3;
        ConnectionString = builder.ToString();
    }

    public Task CutAsync() => _gate!.CloseAsync();

    public Task RestoreAsync()
    {
        _gate!.Open();
        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_gate is not null)
        {
            await _gate.CloseAsync();
        }

        await _inner.DisposeAsync();
    }
}

/// <summary>A loopback TCP forwarder that can be closed (dropping its connections) and opened again on the same port.</summary>
public sealed class TcpGate(string targetHost, int targetPort)
{
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;

    public int Port { get; } = RedisServer.FreePort();

    public void Open()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public Task CloseAsync()
    {
        _stop?.Cancel();
        _listener?.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }

        _connections.Clear();
        return Task.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client, stop);
        }
    }

    private async Task ForwardAsync(TcpClient client, CancellationToken stop)
    {
        var upstream = new TcpClient();
        _connections[client] = 0;
        _connections[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(targetHost, targetPort, stop);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, stop), b.CopyToAsync(a, stop));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _connections.TryRemove(client, out _);
            _connections.TryRemove(upstream, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }
}
