using System.Diagnostics;
using EthicsLedger.Cli;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spectre.Console;
using static MessagingLatency;

/// <summary>
/// Catch-up: a generated ledger is imported, a relay host logs all of it (its own rate), then a new consumer
/// (fresh name, postgresql transport, no relay in its host) reads the whole log. Baseline in the same run: the
/// same rows read in number order with Npgsql and deserialized, nothing else. The consumer is timed from its
/// host's start, as a user starting one would wait; each run is a consumer of a new name, and the median counts.
/// </summary>
public static class MessagingCatchUp
{
    const double Target = 10_000;

    public static async Task RunAsync(string connectionString, Output silent, int lines, int runs)
    {
        var schema = NewSchema();
        var file = Path.Combine(Path.GetTempPath(), $"ethicsledger-catch-up-{lines}.jsonl");
        await using var ledger = new LedgerConnection(connectionString, schema);
        await Measure.Must(Cli.RunAsync(["generate", file, "--lines", lines.ToString()], silent, ledger));
        var importing = Stopwatch.StartNew();
        await Measure.Must(Cli.RunAsync(["import", file], silent, ledger));
        Console.Error.WriteLine($"catch-up: imported {lines:N0} lines in {importing.Elapsed.TotalSeconds:0.0} s");
        var lastEvent = await ScalarAsync(connectionString, $"select coalesce(max(seq_id), 0) from {schema}.mt_events");

        // The relay alone: from its host's start to its progress (moved in the transaction that logs) passing the last event.
        var relaying = Stopwatch.StartNew();
        using (var relay = LedgerHost.Build(connectionString, schema, messaging: new MessagingSettings(null)))
        {
            await relay.StartAsync();
            var progress = $"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like '{LedgerRelay.Name}%'";
            while (await ScalarAsync(connectionString, progress) < lastEvent) await Task.Delay(100);
            relaying.Stop();
            await relay.StopAsync();
        }
        var messages = await ScalarAsync(connectionString, $"select count(*) from {MessageLog.Messages(schema)}");
        Console.Error.WriteLine($"catch-up: the relay logged {messages:N0} messages from {lastEvent:N0} events in {relaying.Elapsed.TotalSeconds:0.0} s");

        var consumer = new List<double>(); var firstToLast = new List<double>(); var baseline = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var counter = new Counter(messages);
            var clock = Stopwatch.StartNew();
            using (var host = LedgerHost.Build(connectionString, schema, configure: s => s.AddSingleton<ILedgerConsumer>(counter),
                       messaging: new MessagingSettings($"catch_up_{run}_{Guid.NewGuid():N}"[..20]) { HostsRelay = false }))
            {
                await host.StartAsync();
                if (await Task.WhenAny(counter.Done, Task.Delay(TimeSpan.FromMinutes(10))) != counter.Done)
                    throw new TimeoutException($"the consumer handled only {counter.Handled} of {messages} messages");
                consumer.Add(clock.Elapsed.TotalSeconds);
                firstToLast.Add(counter.Last - counter.First);
                await host.StopAsync();
            }
            baseline.Add(await RawReadAsync(connectionString, schema, messages));
            Console.Error.WriteLine($"catch-up run {run}/{runs}: consumer {consumer[^1]:0.00} s (first to last message {firstToLast[^1]:0.00} s), " +
                                    $"raw read {baseline[^1]:0.00} s");
        }
        await DropAsync(connectionString, schema);

        var table = new Table().Title($"catch-up on a generated ledger of {lines:N0} lines ({lastEvent:N0} events, {messages:N0} messages); median of {runs}")
            .AddColumn("what").AddColumn("ledger").AddColumn("baseline (same run)").AddColumn("ratio").AddColumn("ledger rate").AddColumn($"target ≥ {Target:N0}/s");
        table.AddRow("relay: events → message log (host start → last event passed)", $"{relaying.Elapsed.TotalSeconds:0.00} s", "", "",
            $"{messages / relaying.Elapsed.TotalSeconds:N0} messages/s ({lastEvent / relaying.Elapsed.TotalSeconds:N0} events/s)", "");
        var (c, b) = (Percentile(consumer, 50), Percentile(baseline, 50));
        table.AddRow("new consumer, postgresql (host start → last handled)", $"{c:0.00} s", $"read + deserialize every row: {b:0.00} s",
            $"{c / b:0.0}×", $"{messages / c:N0} messages/s", messages / c >= Target ? "met" : "[red]not met[/]");
        var f = Percentile(firstToLast, 50);
        table.AddRow("  the same, first → last message handled", $"{f:0.00} s", "", $"{f / b:0.0}×", $"{messages / f:N0} messages/s",
            messages / f >= Target ? "met" : "[red]not met[/]");
        AnsiConsole.Write(table);
    }

    /// <summary>The baseline: every row of the log in number order, each body deserialized as a consumer gets it.</summary>
    static async Task<double> RawReadAsync(string connectionString, string schema, long messages)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select number, type, body from {MessageLog.Messages(schema)} order by number", connection);
        await using var reader = await command.ExecuteReaderAsync();
        long read = 0;
        while (await reader.ReadAsync())
        {
            _ = MessageJson.Deserialize(reader.GetString(1), reader.GetString(2)) with { Number = reader.GetInt64(0) };
            read++;
        }
        if (read != messages) throw new InvalidOperationException($"read {read} rows, expected {messages}");
        return clock.Elapsed.TotalSeconds;
    }

    static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return Convert.ToInt64(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync());
    }

    /// <summary>Counts what it is handed; done once it saw the whole log. Times in seconds on the benchmark's clock.</summary>
    sealed class Counter(long total) : ILedgerConsumer
    {
        readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        long handled;

        public Task Done => done.Task;
        public long Handled => handled;
        public double First { get; private set; }
        public double Last { get; private set; }

        public Task HandleAsync(LedgerMessage message, CancellationToken cancellation)
        {
            // The consumer hands messages over one at a time, so plain fields are enough.
            if (handled == 0) First = Now / 1000;
            if (++handled == total)
            {
                Last = Now / 1000;
                done.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }
}
