using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace EthicsLedger.Hosting.Database;

/// <summary>
/// A PostgreSQL cluster of the project's own, made with initdb and run with pg_ctl on a free
/// loopback port, reused from run to run. Layout of the state folder (<c>.pgdata/</c>):
/// <c>lock</c>, <c>port</c>, and when running as root <c>location</c>, naming the cluster
/// folder; otherwise the cluster folder is the state folder itself. The cluster folder holds
/// <c>data/</c>, <c>server.log</c> and the unix socket.
/// </summary>
/// <summary>The private cluster as <c>db status</c> tells it.</summary>
public sealed record PrivateDatabase(string DataFolder, string LogFile, int? Version, bool Running, int? Port);

internal sealed partial class PrivateCluster
{
    internal sealed record Binaries(string Directory, int Major);

    private const string ServiceUser = "postgres";
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(3);

    private readonly string stateFolder;
    private readonly string clusterFolder;
    private readonly string dataFolder;
    private readonly string logFile;
    private readonly bool asRoot;
    private Binaries binaries = new("", 0);

    private PrivateCluster(string stateFolder, bool asRoot)
    {
        this.stateFolder = stateFolder;
        this.asRoot = asRoot;
        // initdb refuses root, and the postgres user may not traverse the repository (e.g. under
        // /root or a 0700 home), so its cluster goes where every user can reach.
        clusterFolder = asRoot ? Path.Combine("/tmp", "ethicsledger-pg-" + ShortHash(stateFolder)) : stateFolder;
        dataFolder = Path.Combine(clusterFolder, "data");
        logFile = Path.Combine(clusterFolder, "server.log");
    }

    private string PortFile => Path.Combine(stateFolder, "port");

    /// <summary>initdb/pg_ctl pairs on PATH and under /usr/lib/postgresql, highest version first.</summary>
    internal static IReadOnlyList<Binaries> FindBinaries()
    {
        var candidates = PostgresLocator.PathDirectories().ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")));

        return candidates
            .Select(ResolvedBinDirectory)
            .OfType<string>()
            .Distinct()
            .Select(dir => new Binaries(dir, MajorVersion(dir)))
            .Where(b => b.Major > 0)
            .OrderByDescending(b => b.Major)
            .ToList();
    }

    internal static string Ensure(IReadOnlyList<Binaries> candidates, string stateFolder)
    {
        Directory.CreateDirectory(stateFolder);
        var cluster = new PrivateCluster(stateFolder, Environment.UserName == "root");
        // Parallel test assemblies and the CLI may all get here at once; one creates or starts.
        using var held = AcquireLock(Path.Combine(stateFolder, "lock"));
        return cluster.EnsureRunning(candidates);
    }

    /// <summary>Where the cluster lives and whether it runs, without starting it.</summary>
    internal static PrivateDatabase Status(IReadOnlyList<Binaries> candidates, string stateFolder)
    {
        var cluster = new PrivateCluster(stateFolder, Environment.UserName == "root");
        var major = cluster.ClusterMajor();
        cluster.binaries = candidates.FirstOrDefault(b => b.Major == major) ?? candidates[0];
        var running = major is not null && cluster.IsRunning();
        return new PrivateDatabase(cluster.dataFolder, cluster.logFile, major, running,
            running ? cluster.PortFromPidFile() ?? cluster.ReadPortFile() : cluster.ReadPortFile());
    }

    /// <summary>Stops the cluster if it runs (pg_ctl stop, fast: open connections are cut). False when it was not running.</summary>
    internal static bool Stop(IReadOnlyList<Binaries> candidates, string stateFolder)
    {
        var cluster = new PrivateCluster(stateFolder, Environment.UserName == "root");
        using var held = AcquireLock(Path.Combine(stateFolder, "lock"));
        var major = cluster.ClusterMajor();
        cluster.binaries = candidates.FirstOrDefault(b => b.Major == major) ?? candidates[0];
        if (major is null || !cluster.IsRunning()) return false;
        Check(cluster.RunAsService(cluster.Tool("pg_ctl"), ["stop", "-m", "fast", "-w", "-t", "60", "-D", cluster.dataFolder],
            TimeSpan.FromSeconds(90)), "pg_ctl stop");
        return true;
    }

    internal static void Restart(IReadOnlyList<Binaries> candidates, string stateFolder)
    {
        var cluster = new PrivateCluster(stateFolder, Environment.UserName == "root");
        using var held = AcquireLock(Path.Combine(stateFolder, "lock"));
        cluster.binaries = candidates.FirstOrDefault(b => b.Major == cluster.ClusterMajor()) ?? candidates[0];
        var port = cluster.PortFromPidFile() ?? cluster.ReadPortFile()
                   ?? throw new InvalidOperationException($"the private PostgreSQL in {cluster.dataFolder} is not running");
        Check(cluster.RunAsService(cluster.Tool("pg_ctl"),
            ["restart", "-m", "fast", "-w", "-t", "60", "-D", cluster.dataFolder, "-l", cluster.logFile, "-o", $"-p {port}"],
            TimeSpan.FromSeconds(90)), "pg_ctl restart");
    }

    private string EnsureRunning(IReadOnlyList<Binaries> candidates)
    {
        if (asRoot)
        {
            if (PostgresLocator.Run("id", ["-u", ServiceUser]).ExitCode != 0)
                throw new InvalidOperationException(
                    $"Running as root, the private PostgreSQL cluster must run as the '{ServiceUser}' OS user, which does not exist. " +
                    PostgresLocator.Advice);
            File.WriteAllText(Path.Combine(stateFolder, "location"), clusterFolder + Environment.NewLine);
        }

        var existingMajor = ClusterMajor();
        binaries = existingMajor is int major
            ? candidates.FirstOrDefault(b => b.Major == major) ?? throw new InvalidOperationException(
                $"The private PostgreSQL cluster in {dataFolder} is version {major}, but only binaries for version(s) " +
                $"{string.Join(", ", candidates.Select(b => b.Major))} were found. Delete {clusterFolder} to start afresh.")
            : candidates[0];

        var created = existingMajor is null;
        if (created)
            Create();

        var started = false;
        var port = IsRunning() ? PortFromPidFile() ?? ReadPortFile() : null;
        if (port is null)
        {
            port = Start();
            started = true;
        }
        File.WriteAllText(PortFile, port + Environment.NewLine);

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port.Value,
            Username = "postgres",
            Database = "postgres",
            Pooling = true,
            MaxPoolSize = 50,
            Timeout = 15,
            CommandTimeout = 120,
        }.ConnectionString;
        PostgresLocator.WaitUntilAccepting(connectionString, TimeSpan.FromSeconds(30), $"The private PostgreSQL in {dataFolder}");

        if (started)
            PostgresLocator.Report(
                $"{(created ? "Created and started" : "Started")} private PostgreSQL {binaries.Major} on 127.0.0.1:{port} (data in {dataFolder})");
        return connectionString;
    }

    private int? ClusterMajor()
    {
        var versionFile = Path.Combine(dataFolder, "PG_VERSION");
        return File.Exists(versionFile) && int.TryParse(File.ReadAllText(versionFile).Trim(), out var major) ? major : null;
    }

    private void Create()
    {
        if (asRoot)
            Check(RunAsService("mkdir", ["-p", "-m", "700", clusterFolder]), "mkdir");
        else
            Directory.CreateDirectory(clusterFolder);

        // Leftovers of an initdb that was interrupted: without PG_VERSION nothing there is usable.
        if (Directory.Exists(dataFolder))
            Directory.Delete(dataFolder, recursive: true);

        Check(RunAsService(Tool("initdb"),
            ["-D", dataFolder, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C"],
            TimeSpan.FromMinutes(2)), "initdb");

        // Socket paths are limited to 107 bytes; past that the cluster is reached over TCP only.
        var socketFolder = Encoding.UTF8.GetByteCount(Path.Combine(clusterFolder, ".s.PGSQL.65535")) <= 107 ? clusterFolder : "";
        File.AppendAllText(Path.Combine(dataFolder, "postgresql.conf"), $"""

            # EthicsLedger private cluster: reachable from loopback only (trust auth), with its own
            # socket folder so it never clashes with a system server.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{socketFolder.Replace("'", "''")}'
            # Each process pools up to 50 connections and test assemblies run side by side.
            max_connections = 300
            # A disposable dev/test database: durability across an OS crash is not worth the test time.
            fsync = off
            synchronous_commit = off
            full_page_writes = off

            """);
    }

    private bool IsRunning() =>
        // 0: running; 3: not running (a postmaster.pid naming no process counts as not running).
        RunAsService(Tool("pg_ctl"), ["status", "-D", dataFolder]).ExitCode == 0 && !PostmasterIsZombie();

    // pg_ctl and postgres only ask whether the PID in postmaster.pid exists, and a killed postmaster
    // that nobody has reaped yet (containers whose PID 1 reaps late) still does: it would block a restart.
    private bool PostmasterIsZombie() => PidFileLine(0) is string pid && IsZombie(pid);

    private void RemoveLockFilesOfZombiePostmaster()
    {
        if (PidFileLine(0) is not string pid || !IsZombie(pid))
            return;
        var socketLocks = Directory.GetFiles(clusterFolder, ".s.PGSQL.*.lock")
            .Where(file => File.ReadLines(file).FirstOrDefault()?.Trim() == pid);
        foreach (var file in socketLocks.Append(Path.Combine(dataFolder, "postmaster.pid")).ToList())
            File.Delete(file);
    }

    private static bool IsZombie(string pid)
    {
        try
        {
            var stat = $"/proc/{pid}/stat";
            return File.Exists(stat) && File.ReadAllText(stat).Split(')').Last().TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private int Start()
    {
        RemoveLockFilesOfZombiePostmaster();
        var preferred = ReadPortFile();
        var output = "";
        // A port found free can be taken before the server binds it; try a few.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = attempt == 0 && preferred is int p && IsFree(p) ? p : FreePort();
            var result = RunAsService(Tool("pg_ctl"),
                ["start", "-w", "-t", "60", "-D", dataFolder, "-l", logFile, "-o", $"-p {port}"],
                TimeSpan.FromSeconds(90));
            if (result.ExitCode == 0)
                return port;
            output = result.Output;
        }
        throw new InvalidOperationException(
            $"pg_ctl could not start the private PostgreSQL in {dataFolder}: {output.Trim()}{Environment.NewLine}{LogTail()}");
    }

    private string LogTail()
    {
        try
        {
            return $"Last lines of {logFile}:{Environment.NewLine}" +
                   string.Join(Environment.NewLine, File.ReadLines(logFile).TakeLast(15));
        }
        catch (IOException)
        {
            return "";
        }
    }

    // postmaster.pid's fourth line is the port the running server listens on.
    private int? PortFromPidFile() => int.TryParse(PidFileLine(3), out var port) ? port : null;

    private string? PidFileLine(int index)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(dataFolder, "postmaster.pid"));
            return lines.Length > index ? lines[index].Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private int? ReadPortFile() =>
        File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile).Trim(), out var port) ? port : null;

    private string Tool(string name) => Path.Combine(binaries.Directory, name);

    private (int ExitCode, string Output) RunAsService(string fileName, string[] arguments, TimeSpan? timeout = null)
    {
        if (!asRoot)
            return PostgresLocator.Run(fileName, arguments, timeout: timeout);
        // "/" because the service user may not be allowed into the caller's working directory.
        var runuser = PostgresLocator.FindOnPath("runuser") ?? (File.Exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : null);
        return runuser is not null
            ? PostgresLocator.Run(runuser, ["-u", ServiceUser, "--", fileName, .. arguments], "/", timeout)
            : PostgresLocator.Run("su", [ServiceUser, "-s", "/bin/sh", "-c",
                string.Join(' ', new[] { fileName }.Concat(arguments).Select(ShellQuote))], "/", timeout);
    }

    private static void Check((int ExitCode, string Output) result, string what)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed (exit {result.ExitCode}): {result.Output.Trim()}");
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static string? ResolvedBinDirectory(string directory)
    {
        var initdb = Path.Combine(directory, OperatingSystem.IsWindows() ? "initdb.exe" : "initdb");
        var pgCtl = Path.Combine(directory, OperatingSystem.IsWindows() ? "pg_ctl.exe" : "pg_ctl");
        if (!File.Exists(initdb) || !File.Exists(pgCtl))
            return null;
        // PATH often holds symlinks into /usr/lib/postgresql/N/bin; count that directory once.
        var target = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
        return Path.GetDirectoryName(target);
    }

    private static int MajorVersion(string binDirectory)
    {
        try
        {
            var (exitCode, output) = PostgresLocator.Run(Path.Combine(binDirectory, "pg_ctl"), ["--version"]);
            var match = VersionPattern().Match(output);
            return exitCode == 0 && match.Success ? int.Parse(match.Groups[1].Value) : 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            return 0;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            // As postgres does, so connections of the last run lingering in TIME_WAIT do not count.
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''") + "'";

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionPattern();
}
