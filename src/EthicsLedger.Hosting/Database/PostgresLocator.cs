using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace EthicsLedger.Hosting.Database;

/// <summary>
/// Finds the PostgreSQL server that the CLI and the tests share, starting one if need be, so a
/// fresh clone needs nothing but the .NET SDK and either PostgreSQL binaries or Docker.
/// Order: <c>ETHICSLEDGER_DB</c>, a private cluster from local binaries, docker compose.
/// </summary>
public static class PostgresLocator
{
    public const string EnvironmentVariable = "ETHICSLEDGER_DB";

    internal const string Advice =
        "Install the PostgreSQL 15+ server binaries (e.g. `apt-get install postgresql`; a private cluster is then " +
        "started from /usr/lib/postgresql/*/bin), or Docker with the compose plugin, or set " + EnvironmentVariable +
        " to an Npgsql connection string (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres\").";

    private static readonly Lock Gate = new();
    private static string? cached;

    /// <summary>The Npgsql connection string; the first call in a process may create or start a server.</summary>
    public static string ConnectionString()
    {
        // A failure is not cached, so a caller that fixes its environment can try again.
        lock (Gate)
        {
            return cached ??= Locate();
        }
    }

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;

        var repositoryRoot = FindRepositoryRoot();
        var binaries = PrivateCluster.FindBinaries();
        if (binaries.Count > 0)
            return PrivateCluster.Ensure(binaries, StateFolder(repositoryRoot));

        if (repositoryRoot is not null && DockerCompose.IsAvailable(repositoryRoot))
            return DockerCompose.Up(repositoryRoot);

        throw new InvalidOperationException("No PostgreSQL server found for EthicsLedger. " + Advice);
    }

    /// <summary>The database given in ETHICSLEDGER_DB, if any: then no private cluster is used or managed.</summary>
    public static string? Configured =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>The private cluster's folder, version, port and whether it runs; null when no PostgreSQL binaries are installed.</summary>
    public static PrivateDatabase? PrivateClusterStatus() =>
        PrivateCluster.FindBinaries() is { Count: > 0 } binaries ? PrivateCluster.Status(binaries, StateFolder(FindRepositoryRoot())) : null;

    /// <summary>Starts the private cluster (creating it on first use), even after this process saw it stopped; its connection string.</summary>
    public static string StartPrivateCluster()
    {
        var binaries = PrivateCluster.FindBinaries();
        if (binaries.Count == 0) throw new InvalidOperationException("No PostgreSQL binaries are installed. " + Advice);
        lock (Gate) return cached = PrivateCluster.Ensure(binaries, StateFolder(FindRepositoryRoot()));
    }

    /// <summary>Stops the private cluster; false when it was not running or there is none.</summary>
    public static bool StopPrivateCluster() =>
        PrivateCluster.FindBinaries() is { Count: > 0 } binaries && PrivateCluster.Stop(binaries, StateFolder(FindRepositoryRoot()));

    /// <summary>
    /// Restarts the private cluster on its port (pg_ctl restart, fast: every connection is cut, as in a
    /// server restart). False when the ledger is not on the private cluster (ETHICSLEDGER_DB given).
    /// </summary>
    public static bool RestartPrivateCluster()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable))) return false;
        var binaries = PrivateCluster.FindBinaries();
        if (binaries.Count == 0) return false;
        PrivateCluster.Restart(binaries, StateFolder(FindRepositoryRoot()));
        return true;
    }

    private static string StateFolder(string? repositoryRoot) =>
        repositoryRoot is not null
            ? Path.Combine(repositoryRoot, ".pgdata")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ethicsledger", "pgdata");

    // Test hosts run from bin/ and the CLI may run from anywhere inside the clone, so try both.
    internal static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EthicsLedger.sln")))
                    return dir.FullName;
            }
        }
        return null;
    }

    internal static string? FindOnPath(string name)
    {
        var fileName = OperatingSystem.IsWindows() ? name + ".exe" : name;
        return PathDirectories()
            .Select(dir => Path.Combine(dir, fileName))
            .FirstOrDefault(File.Exists);
    }

    internal static IEnumerable<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static (int ExitCode, string Output) Run(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {limit}.");
        }
        // A daemonised grandchild that kept our pipes must not hang us.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
        var output = (stdout.IsCompletedSuccessfully ? stdout.Result : "") +
                     (stderr.IsCompletedSuccessfully ? stderr.Result : "");
        return (process.ExitCode, output);
    }

    internal static bool Accepts(string connectionString, out Exception? error)
    {
        // Pooling off: a probe must not leave idle connections in the caller's pool.
        var probe = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 };
        try
        {
            using var connection = new NpgsqlConnection(probe.ConnectionString);
            connection.Open();
            error = null;
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or IOException or TimeoutException)
        {
            error = e;
            return false;
        }
    }

    internal static void WaitUntilAccepting(string connectionString, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? error;
        while (!Accepts(connectionString, out error))
        {
            if (DateTime.UtcNow >= deadline)
                throw new InvalidOperationException($"{what} did not accept connections within {timeout.TotalSeconds:0} s: {error?.Message}", error);
            Thread.Sleep(250);
        }
    }

    // Only what the locator started is reported, on stderr, so stdout stays the program's own.
    internal static void Report(string line) => Console.Error.WriteLine(line);
}
