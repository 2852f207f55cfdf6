using System.Diagnostics;
using EthicsLedger.Cli;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Database;
using EthicsLedger.Hosting.Messaging;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

// Measures import and verify against baselines taken in the same run on the same machine:
// writing the same lines as raw jsonb rows with COPY, and reading the events back with one SELECT.
// The machine is shared and noisy, so each figure is the median of several runs, and the ratio is what to compare.
var connectionString = PostgresLocator.ConnectionString();
if (args.FirstOrDefault() == "latency")
    return await MessagingLatency.RunAsync(connectionString, Silent(), new MessagingLatency.Settings(
            Messages: Option("--messages", 2_000), PerImport: Option("--per-import", 10),
            Transports: Text("--transports", "postgresql,rabbitmq").Split(',', StringSplitOptions.RemoveEmptyEntries),
            CatchUpLines: Option("--catch-up-lines", 100_000), CatchUpRuns: Option("--catch-up-runs", 3),
            RabbitMq: Text("--rabbitmq", Environment.GetEnvironmentVariable(MessagingSettings.RabbitMqVariable) ?? MessagingSettings.DefaultRabbitMq),
            DaemonPolling: Option("--daemon-polling", 0)),
        "dotnet run -c Release --project tests/EthicsLedger.Benchmarks -- " + string.Join(' ', args));
if (args.FirstOrDefault() == "feeder")
    return await FeederAlone.RunAsync(connectionString,
        Text("--rabbitmq", Environment.GetEnvironmentVariable(MessagingSettings.RabbitMqVariable) ?? MessagingSettings.DefaultRabbitMq),
        Option("--messages", 2_000), Text("--batches", "10,40,100").Split(',').Select(int.Parse).ToList(), Option("--rate", 400),
        "dotnet run -c Release --project tests/EthicsLedger.Benchmarks -- " + string.Join(' ', args));
if (args.FirstOrDefault() == "http")
    return await HttpStance.RunAsync(connectionString, Silent(), new HttpStance.Settings(
            Events: Option("--events", 100_000), Readers: Option("--readers", 8), Requests: Option("--requests", 4_000), Runs: Option("--runs", 5),
            Schema: args.Contains("--schema") ? Text("--schema", "") : null),
        "dotnet run -c Release --project tests/EthicsLedger.Benchmarks -- " + string.Join(' ', args));
if (args.FirstOrDefault() == "concurrency")
    return await ConcurrentImports.RunAsync(connectionString, Silent(), Option("--files", 32), Option("--importers", 4), Option("--runs", 3));

var lines = Option("--lines", 20_000);
var runs = Option("--runs", 3);
var file = Path.Combine(Path.GetTempPath(), $"ethicsledger-bench-{lines}.jsonl");
var content = GenerateCommand.Lines().Take(lines).ToList();
await File.WriteAllLinesAsync(file, content);
var silent = Silent();

var import = new List<double>(); var copy = new List<double>(); var verify = new List<double>(); var read = new List<double>();
for (var run = 1; run <= runs; run++)
{
    var schema = $"bench_{Guid.NewGuid():N}"[..20];
    await using var ledger = new LedgerConnection(connectionString, schema) { Keys = Path.Combine(Path.GetTempPath(), schema + "-keys") };
    await ledger.HostAsync(); // start-up is not what is measured

    import.Add(await TimeAsync(() => Must(Cli.RunAsync(["import", file], silent, ledger))));
    copy.Add(await TimeAsync(() => CopyAsync(connectionString, schema, content)));
    await Must(Cli.RunAsync(["checkpoint"], silent, ledger));
    verify.Add(await TimeAsync(() => Must(Cli.RunAsync(["verify"], silent, ledger))));
    read.Add(await TimeAsync(() => ReadAsync(connectionString, schema)));
    Console.Error.WriteLine($"run {run}/{runs}: import {import[^1]:0.00} s, copy {copy[^1]:0.00} s, verify {verify[^1]:0.00} s, read {read[^1]:0.00} s");
    await using var drop = new NpgsqlConnection(connectionString);
    await drop.OpenAsync();
    await new NpgsqlCommand($"drop schema {schema} cascade", drop).ExecuteNonQueryAsync();
}

var table = new Table().Title($"{lines:N0} lines, median of {runs} runs")
    .AddColumn("what").AddColumn("ledger").AddColumn("baseline (same run)").AddColumn("ratio").AddColumn("ledger rate");
table.AddRow("import (check every rule, append, project)", $"{Median(import):0.00} s", $"COPY as jsonb: {Median(copy):0.00} s",
    $"{Median(import) / Median(copy):0.0}×", $"{lines / Median(import):N0} lines/s");
table.AddRow("verify (digests, chains, tree, checkpoint)", $"{Median(verify):0.00} s", $"SELECT the events: {Median(read):0.00} s",
    $"{Median(verify) / Median(read):0.0}×", $"{lines / Median(verify):N0} events/s");
AnsiConsole.Write(table);
return 0;

static Output Silent() => new(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, Console.Error);

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}

string Text(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static async Task<double> TimeAsync(Func<Task> action)
{
    var clock = Stopwatch.StartNew();
    await action();
    return clock.Elapsed.TotalSeconds;
}

static async Task Must(Task<int> command)
{
    var exit = await command;
    if (exit != 0) throw new InvalidOperationException($"the command failed with exit {exit}");
}

static async Task CopyAsync(string connectionString, string schema, IReadOnlyList<string> lines)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await new NpgsqlCommand($"create table {schema}.baseline_rows (line bigint, data jsonb)", connection).ExecuteNonQueryAsync();
    await using var writer = await connection.BeginBinaryImportAsync($"copy {schema}.baseline_rows (line, data) from stdin (format binary)");
    for (var i = 0; i < lines.Count; i++)
    {
        await writer.StartRowAsync();
        await writer.WriteAsync((long)i + 1, NpgsqlDbType.Bigint);
        await writer.WriteAsync(lines[i], NpgsqlDbType.Jsonb);
    }
    await writer.CompleteAsync();
}

static async Task ReadAsync(string connectionString, string schema)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(
        $"select seq_id, stream_id, version, type, timestamp, data::text from {schema}.mt_events order by seq_id", connection);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) _ = reader.GetString(5);
}
