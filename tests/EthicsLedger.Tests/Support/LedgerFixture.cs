using EthicsLedger.Cli;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// A real PostgreSQL (found or started by the same code as the CLI) and a fresh schema of its own,
/// reached through the command line itself, in-process. Dropped before use, never after, so a
/// failed run can be inspected.
/// </summary>
public class LedgerFixture : IAsyncLifetime, IAsyncDisposable
{
    public string Schema { get; } = "test_" + Guid.NewGuid().ToString("N")[..12];
    public string ConnectionString { get; } = PostgresLocator.ConnectionString();
    public LedgerConnection Ledger { get; private set; } = null!;

    /// <summary>A signing key of this fixture's own: tests never touch the user's key.</summary>
    public string KeysFolder { get; } = Path.Combine(Path.GetTempPath(), "ethicsledger-keys-" + Guid.NewGuid().ToString("N")[..12]);

    public virtual async Task InitializeAsync()
    {
        await ExecuteAsync($"drop schema if exists {Schema} cascade");
        Ledger = NewConnection();
    }

    public virtual async Task DisposeAsync() => await Ledger.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public LedgerConnection NewConnection(Action<IServiceCollection>? configure = null) =>
        new(ConnectionString, Schema, configure: configure) { Keys = KeysFolder };

    /// <summary>Runs the command line against this fixture's ledger and captures what it printed.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunAsync(Ledger, args);

    public static async Task<CliRun> RunAsync(LedgerConnection ledger, params string[] args)
    {
        var console = new StringWriter();
        var json = new StringWriter();
        var errors = new StringWriter();
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(console),
        });
        ansi.Profile.Width = 200;
        var exit = await Cli.Cli.RunAsync(args, new Output(ansi, json, errors), ledger);
        return new CliRun(exit, console.ToString(), json.ToString(), errors.ToString());
    }

    /// <summary>Writes lines to a temporary file and imports it.</summary>
    public async Task<CliRun> ImportAsync(params string[] lines)
    {
        var path = await WriteFileAsync(lines);
        return await RunAsync("import", path);
    }

    public static async Task<string> WriteFileAsync(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ethicsledger-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>
    /// Ledger events only: after a failed write Marten rolls back, then records a tombstone event on
    /// its own <c>mt_tombstone</c> stream to mark the sequence numbers the rollback used.
    /// </summary>
    public async Task<long> EventCountAsync() =>
        await ScalarAsync<long>($"select count(*) from {Schema}.mt_events where stream_id <> 'mt_tombstone'");

    /// <summary>The message log as the database holds it, from <paramref name="from"/> on: what consumers are checked against.</summary>
    public async Task<List<(long Number, string Key)>> MessageLogAsync(long from = 1)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select number, key from {EthicsLedger.Hosting.Messaging.MessageLog.Messages(Schema)} where number >= {from} order by number", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var log = new List<(long, string)>();
        while (await reader.ReadAsync()) log.Add((reader.GetInt64(0), reader.GetString(1)));
        return log;
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed record CliRun(int Exit, string Console, string Json, string Errors)
{
    public override string ToString() => $"exit {Exit}\n--- console\n{Console}\n--- json\n{Json}\n--- errors\n{Errors}";
}
