using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EthicsLedger.Cli;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spectre.Console;
using Wolverine;

/// <summary>
/// Commit-to-consumer latency: the time from an import's commit to its message reaching the
/// consumer, through the relay, over each transport. Baseline in the same run: the same message
/// published straight to the same transport (no relay), in batches of the same size at the same
/// pace as the imports, so the ratio is what the relay adds.
/// </summary>
public static class MessagingLatency
{
    public static async Task<int> RunAsync(string connectionString, Output silent, int messages, int perImport)
    {
        var table = new Table().Title($"commit-to-consumer latency, {messages:N0} messages per transport ({perImport} per import); ms")
            .AddColumn("transport").AddColumn("relay p50").AddColumn("relay p99").AddColumn("baseline p50").AddColumn("baseline p99")
            .AddColumn("p50 ratio");
        foreach (var transport in new[] { MessageTransport.Postgresql, MessageTransport.RabbitMq })
        {
            var (relay, pace) = await RelayAsync(connectionString, silent, transport, messages, perImport);
            var baseline = await BaselineAsync(connectionString, transport, messages, perImport, pace);
            table.AddRow(transport.ToString(), Ms(Percentile(relay, 50)), Ms(Percentile(relay, 99)),
                Ms(Percentile(baseline, 50)), Ms(Percentile(baseline, 99)), $"{Percentile(relay, 50) / Percentile(baseline, 50):0.0}×");
        }
        AnsiConsole.Write(table);
        return 0;
    }

    /// <summary>Imports files of <paramref name="perImport"/> pledges one after another; latency from each import's return (its commit).</summary>
    static async Task<(List<double> Latencies, List<TimeSpan> Pace)> RelayAsync(string connectionString, Output silent, MessageTransport transport, int messages, int perImport)
    {
        var schema = $"bench_{Guid.NewGuid():N}"[..20];
        var consumer = new Arrivals();
        using var host = await StartAsync(connectionString, schema, transport, consumer);
        await using var ledger = new LedgerConnection(connectionString, schema);
        await ledger.HostAsync();
        var committed = new Dictionary<string, long>();
        var pace = new List<TimeSpan>();
        const string org = "lat";
        for (var n = 0; n < messages; n += perImport)
        {
            var lines = new List<string> { JsonSerializer.Serialize(new { type = "organization.registered", org, name = "Latency" }) };
            var ids = Enumerable.Range(n, Math.Min(perImport, messages - n)).Select(i => $"{org}-c{i}").ToList();
            lines.AddRange(ids.Select(id => JsonSerializer.Serialize(new
            {
                type = "commitment.made", commitment = id, org, kind = "pledge", topic = "latency", statement = "s", on = "2020-01-01",
                source = new { url = "https://example.org" },
            })));
            var file = Path.GetTempFileName();
            await File.WriteAllLinesAsync(file, lines);
            var started = Stopwatch.GetTimestamp();
            if (await Cli.RunAsync(["import", file], silent, ledger) != 0) throw new InvalidOperationException("import failed");
            var at = Stopwatch.GetTimestamp();
            pace.Add(Stopwatch.GetElapsedTime(started, at));
            foreach (var id in ids) committed[$"pledge-made/{id}"] = at;
        }
        await consumer.WaitForAsync(messages);
        await host.StopAsync();
        await DropAsync(connectionString, schema);
        return (committed.Select(c => Stopwatch.GetElapsedTime(c.Value, consumer.At[c.Key]).TotalMilliseconds).ToList(), pace);
    }

    /// <summary>The same kind of message published straight to the transport, at the same pace as the imports.</summary>
    static async Task<List<double>> BaselineAsync(string connectionString, MessageTransport transport, int messages, int perImport,
        IReadOnlyList<TimeSpan> pace)
    {
        var schema = $"bench_{Guid.NewGuid():N}"[..20];
        var consumer = new Arrivals();
        using var host = await StartAsync(connectionString, schema, transport, consumer);
        var bus = host.Services.GetRequiredService<IMessageBus>();
        var sent = new Dictionary<string, long>();
        for (var i = 0; i < messages; i++)
        {
            var key = $"baseline/{schema}/{i}";
            sent[key] = Stopwatch.GetTimestamp();
            await bus.PublishAsync(new PledgeMade
            {
                Key = key, Org = "baseline", Commitment = $"c{i}", Topic = "latency", Kind = "pledge", On = new DateOnly(2020, 1, 1),
                Position = new LedgerPosition("baseline", i, i), Statement = "s", Term = new MessageTerm(new DateOnly(2020, 1, 1), null, null, null),
            });
            if (i % perImport == perImport - 1) await Task.Delay(pace[i / perImport]);
        }
        await consumer.WaitForAsync(messages);
        await host.StopAsync();
        await DropAsync(connectionString, schema);
        return sent.Select(s => Stopwatch.GetElapsedTime(s.Value, consumer.At[s.Key]).TotalMilliseconds).ToList();
    }

    static async Task<IHost> StartAsync(string connectionString, string schema, MessageTransport transport, Arrivals consumer)
    {
        var name = $"lat_{schema[6..]}";
        var host = LedgerHost.Build(connectionString, schema, configure: s => s.AddSingleton<ILedgerConsumer>(consumer),
            messaging: new MessagingSettings(name, transport));
        await host.StartAsync();
        return host;
    }

    static async Task DropAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var s in new[] { schema, $"{schema}_lat_{schema[6..]}" })
            await new NpgsqlCommand($"drop schema if exists {s} cascade", connection).ExecuteNonQueryAsync();
    }

    static double Percentile(List<double> values, int p) => values.Order().ElementAt(Math.Min(values.Count - 1, values.Count * p / 100));
    static string Ms(double value) => $"{value:0}";

    sealed class Arrivals : ILedgerConsumer
    {
        public ConcurrentDictionary<string, long> At { get; } = new();

        public Task HandleAsync(LedgerMessage message, CancellationToken cancellation)
        {
            At.TryAdd(message.Key, Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        }

        public async Task WaitForAsync(int count)
        {
            var until = DateTime.UtcNow.AddMinutes(10);
            while (At.Count < count && DateTime.UtcNow < until) await Task.Delay(50);
            if (At.Count < count) throw new TimeoutException($"only {At.Count} of {count} messages arrived");
        }
    }
}
