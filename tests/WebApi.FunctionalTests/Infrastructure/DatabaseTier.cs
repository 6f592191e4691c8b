using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Testcontainers.MsSql;

namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// A database for one test fixture: a fresh SQLite file, a fresh PostgreSQL database on the server named by
/// <c>SHOP_TEST_POSTGRES</c>, or a SQL Server container (Testcontainers) where a Docker engine answers.
/// A tier that cannot run says why, and its tests are skipped with that reason.
/// </summary>
public abstract class DatabaseTier : IAsyncDisposable
{
    public abstract string Provider { get; }

    public string ConnectionString { get; protected set; } = "";

    /// <summary>Why this tier cannot run here, or null when it can.</summary>
    public string? SkipReason { get; protected set; }

    public abstract Task StartAsync();

    public abstract ValueTask DisposeAsync();

    /// <summary>Runs on the database as the application's user; for tests that set up data directly.</summary>
    public static string PostgresServer => Environment.GetEnvironmentVariable("SHOP_TEST_POSTGRES") ?? "";
}

public sealed class SqliteTier : DatabaseTier
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"shop-test-{Guid.NewGuid():N}.db");

    public override string Provider => "Sqlite";

    public override Task StartAsync()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // a file still open is left to the temp folder's cleanup
            }
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTier : DatabaseTier
{
    private string? _database;

    public override string Provider => "Postgres";

    public override async Task StartAsync()
    {
        if (string.IsNullOrWhiteSpace(PostgresServer))
        {
            SkipReason = "PostgreSQL tier: SHOP_TEST_POSTGRES is not set (.ci/run sets it after starting PostgreSQL).";
            return;
        }

        _database = $"shop_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _database, MaxPoolSize = 50 }.ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_database is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresServer);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// One SQL Server container for the whole test run (starting one takes tens of seconds), and a database of
/// its own per fixture, which the API creates at start-up: the <c>CREATE DATABASE</c> path production takes,
/// row versioning included.
/// </summary>
public sealed class SqlServerTier : DatabaseTier
{
    /// <summary>The image the compose file runs, pinned.</summary>
    public const string Image = "mcr.microsoft.com/mssql/server:2022-CU16-ubuntu-22.04";

    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static MsSqlContainer? _container;
    private string? _database;

    public override string Provider => "SqlServer";

    public override async Task StartAsync()
    {
        if (!DockerProbe.IsAvailable(out var why))
        {
            SkipReason = $"SQL Server tier: {why}; it runs where a Docker engine is available (Testcontainers.MsSql).";
            return;
        }

        var server = await ServerAsync();
        _database = $"shop_test_{Guid.NewGuid():N}";
        ConnectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = _database }.ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_container is null || _database is null)
        {
            return;
        }

        SqlConnection.ClearAllPools();
        await using var master = new SqlConnection(_container.GetConnectionString());
        await master.OpenAsync();
        await using var drop = new SqlCommand(
            $"IF DB_ID('{_database}') IS NOT NULL BEGIN ALTER DATABASE [{_database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_database}]; END",
            master);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Started once; Testcontainers' reaper removes it when the test process ends.</summary>
    private static async Task<string> ServerAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (_container is null)
            {
                var container = new MsSqlBuilder(Image).Build();
                await container.StartAsync();
                _container = container;
            }

            return _container.GetConnectionString();
        }
        finally
        {
            StartLock.Release();
        }
    }
}

/// <summary>Is a Docker engine reachable? Checked without Testcontainers so that its absence is a reason, not an error.</summary>
public static class DockerProbe
{
    private static readonly Lazy<string?> Reason = new(Probe);

    public static bool IsAvailable(out string reason)
    {
        reason = Reason.Value ?? "";
        return Reason.Value is null;
    }

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return null; // a remote engine: let Testcontainers try it
        }

        var socket = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
        if (!File.Exists(socket))
        {
            return $"no Docker engine here ({socket} does not exist)";
        }

        try
        {
            using var client = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            client.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
            return null;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            return $"the Docker engine at {socket} does not answer ({ex.SocketErrorCode})";
        }
    }
}
