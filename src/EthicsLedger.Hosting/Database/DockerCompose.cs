using Npgsql;

namespace EthicsLedger.Hosting.Database;

/// <summary>
/// The last resort before giving up: the <c>postgres</c> service of the repository's
/// docker-compose.yml, whose port and credentials must match the ones here.
/// </summary>
internal static class DockerCompose
{
    private const int PublishedPort = 5433;
    private const string Credential = "ethicsledger";

    internal static bool IsAvailable(string repositoryRoot) =>
        File.Exists(ComposeFile(repositoryRoot)) && ComposeCommand() is not null;

    internal static string Up(string repositoryRoot)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = PublishedPort,
            Username = Credential,
            Password = Credential,
            Database = Credential,
            Pooling = true,
            MaxPoolSize = 50,
            Timeout = 15,
            CommandTimeout = 120,
        }.ConnectionString;

        // Already up from an earlier run: nothing to start, nothing to report.
        if (PostgresLocator.Accepts(connectionString, out _))
            return connectionString;

        var (fileName, prefix) = ComposeCommand()!.Value;
        // The first run may pull the image, hence the long limit.
        var (exitCode, output) = PostgresLocator.Run(fileName,
            [.. prefix, "-f", ComposeFile(repositoryRoot), "up", "-d", "postgres"],
            repositoryRoot, TimeSpan.FromMinutes(10));
        if (exitCode != 0)
            throw new InvalidOperationException(
                $"No PostgreSQL binaries were found and `docker compose up -d postgres` failed (exit {exitCode}): " +
                // Its last lines say why; a standalone docker-compose prints a whole traceback before them.
                $"{string.Join(Environment.NewLine, output.Trim().Split('\n').TakeLast(4))}{Environment.NewLine}{PostgresLocator.Advice}");

        PostgresLocator.WaitUntilAccepting(connectionString, TimeSpan.FromSeconds(60), "The docker compose PostgreSQL");
        PostgresLocator.Report($"Started PostgreSQL with docker compose on 127.0.0.1:{PublishedPort}");
        return connectionString;
    }

    // The docker CLI may lack the compose plugin while the older standalone docker-compose is there.
    private static (string FileName, string[] Prefix)? ComposeCommand()
    {
        if (PostgresLocator.FindOnPath("docker") is string docker &&
            PostgresLocator.Run(docker, ["compose", "version"]).ExitCode == 0)
            return (docker, ["compose"]);
        return PostgresLocator.FindOnPath("docker-compose") is string standalone ? (standalone, []) : null;
    }

    private static string ComposeFile(string repositoryRoot) => Path.Combine(repositoryRoot, "docker-compose.yml");
}
