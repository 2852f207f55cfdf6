using System.Diagnostics;
using EthicsLedger.Cli;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Database;
using EthicsLedger.Hosting.Messaging;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

// Measures the ledger against baselines taken in the same run on the same machine.
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
if (args.FirstOrDefault() == "alone")
    return await CommandAlone.RunAsync(connectionString, Silent(), Text("--schema", "ethicsledger"),
        Text("--keys", Environment.GetEnvironmentVariable("ETHICSLEDGER_KEYS") ?? ""), Text("--command", "verify").Split(' '), Option("--runs", 5),
        "dotnet run -c Release --project tests/EthicsLedger.Benchmarks -- " + string.Join(' ', args));
if (args.FirstOrDefault() == "concurrency")
    return await ConcurrentImports.RunAsync(connectionString, Silent(), Option("--files", 32), Option("--importers", 4), Option("--runs", 3));

// The default: issue 12's table (import, re-import, rebuild, verify, checkpoint, a large organization) with its baselines.
return await Scale.RunAsync(connectionString, Silent(), new Scale.Settings(
        Lines: Option("--lines", 100_000), Runs: Option("--runs", 3), LargeEntries: Option("--large", 100_000), Rounds: Option("--rounds", 15)),
    "dotnet run -c Release --project tests/EthicsLedger.Benchmarks -- " + string.Join(' ', args));

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
