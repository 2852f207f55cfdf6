using System.ComponentModel;
using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Database;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class DatabaseStatusSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print {\"managed\", \"running\", \"version\", \"port\", \"dataFolder\", \"logFile\"} instead of text.")]
    public bool Json { get; init; }
}

/// <summary>
/// The private PostgreSQL the command line starts when no database is given (README, "PostgreSQL,
/// found or started"): where it lives, whether it runs. Never starts it.
/// </summary>
public sealed class DatabaseStatusCommand(Output output) : AsyncCommand<DatabaseStatusSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DatabaseStatusSettings settings, CancellationToken cancellation)
    {
        if (PostgresLocator.Configured is { } given)
        {
            var builder = new NpgsqlConnectionStringBuilder(given);
            if (settings.Json)
                await output.Json.WriteLineAsync(JsonSerializer.Serialize(new { managed = false, host = builder.Host, port = builder.Port }, JsonSerializerOptions.Web));
            else
                output.Console.MarkupLine($"Using the database in {PostgresLocator.EnvironmentVariable} ({SafeMarkup.Line($"{builder.Host}:{builder.Port}")}): " +
                                          "it is yours, and ethicsledger neither starts nor stops it.");
            return ExitCodes.Ok;
        }
        var status = PostgresLocator.PrivateClusterStatus();
        if (settings.Json)
        {
            await output.Json.WriteLineAsync(JsonSerializer.Serialize(new
            {
                managed = true, running = status?.Running ?? false, version = status?.Version, port = status?.Port,
                dataFolder = status?.DataFolder, logFile = status?.LogFile,
            }, JsonSerializerOptions.Web));
            return ExitCodes.Ok;
        }
        if (status is null)
        {
            output.Console.MarkupLine("No PostgreSQL binaries are installed, so there is no private database: install PostgreSQL, or set " +
                                      $"{PostgresLocator.EnvironmentVariable} to a connection string.");
            return ExitCodes.Ok;
        }
        output.Console.MarkupLine(status.Version is null
            ? $"The private PostgreSQL has not been created yet; the first command that needs it creates it in {SafeMarkup.Line(status.DataFolder)}."
            : $"Private PostgreSQL {status.Version}: {(status.Running ? $"[green]running[/] on 127.0.0.1:{status.Port}" : "[yellow]stopped[/]")}.\n" +
              $"Data: {SafeMarkup.Line(status.DataFolder)}; log: {SafeMarkup.Line(status.LogFile)}.\n" +
              "Tuned for speed, not durability (fsync, synchronous_commit and full_page_writes off): a development database. " +
              "Stop it with `ethicsledger db stop`; any command that needs it starts it again.");
        return ExitCodes.Ok;
    }
}

/// <summary>Starts the private PostgreSQL (creating it on first use) and prints its connection string.</summary>
public sealed class DatabaseStartCommand(Output output) : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellation)
    {
        RefuseWhenGiven();
        var connection = PostgresLocator.StartPrivateCluster();
        output.Console.MarkupLine($"Private PostgreSQL running: {SafeMarkup.Line(connection)}");
        return ExitCodes.Ok;
    }

    public static void RefuseWhenGiven()
    {
        if (PostgresLocator.Configured is not null)
            throw new BadInputException($"{PostgresLocator.EnvironmentVariable} names your own database; ethicsledger starts and stops only its private one.");
    }
}

/// <summary>Stops the private PostgreSQL; every command that needs it starts it again.</summary>
public sealed class DatabaseStopCommand(Output output) : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellation)
    {
        DatabaseStartCommand.RefuseWhenGiven();
        output.Console.MarkupLine(PostgresLocator.StopPrivateCluster()
            ? "Private PostgreSQL stopped."
            : "The private PostgreSQL was not running.");
        return ExitCodes.Ok;
    }
}
