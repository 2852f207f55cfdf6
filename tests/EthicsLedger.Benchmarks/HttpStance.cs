using EthicsLedger.Projections;
using System.Diagnostics;
using EthicsLedger.Cli;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Server;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

/// <summary>
/// A stance over HTTP from a running <c>serve</c> host, under concurrent readers, beside its same-run baseline:
/// reading the organization's entries the stance is folded from (through the organization index), at the same
/// concurrency, from the same process. The ledger is the generator's (61 entries per organization), imported in
/// chunks to <c>--events</c> events; readers ask for organizations at random. Baseline and HTTP rounds alternate,
/// <c>--runs</c> times, and the medians of their percentiles are compared.
/// </summary>
static class HttpStance
{
    public sealed record Settings(int Events, int Readers, int Requests, int Runs, string? Schema);

    public static async Task<int> RunAsync(string connectionString, Output silent, Settings settings, string command)
    {
        var schema = settings.Schema ?? $"bench_http_{settings.Events}";
        await using var ledger = new LedgerConnection(connectionString, schema) { Keys = Path.Combine(Path.GetTempPath(), schema + "-keys") };
        var organizations = await EnsureLedgerAsync(connectionString, ledger, silent, settings.Events);

        var server = LedgerServer.Build(new ServerSettings(connectionString, schema) { Urls = "http://127.0.0.1:0", Keys = ledger.Keys });
        await server.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Readers }) { BaseAddress = new Uri(server.Urls.First()) };
        var store = server.Services.GetRequiredService<IDocumentStore>();

        // Warm both paths: connection pools, JIT, PostgreSQL's cache.
        await MeasureAsync(settings.Readers, 200, organizations, org => LoadAsync(store, org));
        await MeasureAsync(settings.Readers, 200, organizations, org => GetAsync(http, org));

        var loads = new List<(double P50, double P99)>();
        var stances = new List<(double P50, double P99)>();
        for (var run = 1; run <= settings.Runs; run++)
        {
            loads.Add(Percentiles(await MeasureAsync(settings.Readers, settings.Requests, organizations, org => LoadAsync(store, org))));
            stances.Add(Percentiles(await MeasureAsync(settings.Readers, settings.Requests, organizations, org => GetAsync(http, org))));
            Console.Error.WriteLine($"run {run}/{settings.Runs}: document load p50 {loads[^1].P50:0.00} p99 {loads[^1].P99:0.00} ms; " +
                                    $"stance over HTTP p50 {stances[^1].P50:0.00} p99 {stances[^1].P99:0.00} ms");
        }
        await server.StopAsync();
        await server.DisposeAsync();

        var (l50, l99) = (Measure.Median(loads.Select(l => l.P50)), Measure.Median(loads.Select(l => l.P99)));
        var (s50, s99) = (Measure.Median(stances.Select(s => s.P50)), Measure.Median(stances.Select(s => s.P99)));
        var events = await EventCountAsync(connectionString, schema);
        var table = new Table().Title($"stance over HTTP: {events:N0} events, {organizations.Count:N0} organizations, {settings.Readers} concurrent readers, " +
                                      $"{settings.Requests:N0} requests a round, median of {settings.Runs} rounds")
            .AddColumn("what").AddColumn("p50").AddColumn("p99").AddColumn("p99 ratio").AddColumn("target");
        table.AddRow("read the organization's entries (baseline)", $"{l50:0.00} ms", $"{l99:0.00} ms", "1.0×", "");
        table.AddRow("GET /api/organizations/{org}/stance", $"{s50:0.00} ms", $"{s99:0.00} ms", $"{s99 / l99:0.0}×", s99 <= 3 * l99 ? "≤ 3×: met" : "≤ 3×: [red]not met[/]");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(command)}[/]");
        return 0;
    }

    static async Task LoadAsync(IDocumentStore store, string org)
    {
        if (await store.EntriesOfAsync(org) is { Count: 0 }) throw new InvalidOperationException($"no entries for {org}");
    }

    static async Task GetAsync(HttpClient http, string org)
    {
        using var response = await http.GetAsync($"/api/organizations/{org}/stance?asOf=2020-06-01");
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary><paramref name="readers"/> loops at once, each asking in turn, until <paramref name="requests"/> were answered; each answer's time in ms.</summary>
    static async Task<List<double>> MeasureAsync(int readers, int requests, IReadOnlyList<string> organizations, Func<string, Task> ask)
    {
        var times = new List<double>(requests);
        var left = requests;
        await Task.WhenAll(Enumerable.Range(0, readers).Select(async reader =>
        {
            var random = new Random(reader);
            while (Interlocked.Decrement(ref left) >= 0)
            {
                var clock = Stopwatch.StartNew();
                await ask(organizations[random.Next(organizations.Count)]);
                lock (times) times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }));
        return times;
    }

    /// <summary>The ledger is built once per size and kept (schema bench_http_N): building 1,000,000 events takes long, reading it does not change it.</summary>
    static async Task<IReadOnlyList<string>> EnsureLedgerAsync(string connectionString, LedgerConnection ledger, Output silent, int events)
    {
        var held = await EventCountAsync(connectionString, ledger.Schema);
        if (held < events)
        {
            const int Chunk = 20_000;
            var lines = GenerateCommand.Lines().Skip((int)held).Take(events - (int)held).ToList();
            for (var start = 0; start < lines.Count; start += Chunk)
            {
                var file = Path.Combine(Path.GetTempPath(), $"ethicsledger-http-{start}.jsonl");
                await File.WriteAllLinesAsync(file, lines.Skip(start).Take(Chunk));
                var exit = await Cli.RunAsync(["import", file], silent, ledger);
                File.Delete(file);
                if (exit != 0) throw new InvalidOperationException($"import failed with exit {exit}");
                Console.Error.WriteLine($"built {held + start + Math.Min(Chunk, lines.Count - start):N0} of {events:N0} events");
            }
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select data ->> 'Org' from {ledger.Schema}.mt_events where type = 'organization.registered'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var organizations = new List<string>();
        while (await reader.ReadAsync()) organizations.Add(reader.GetString(0));
        return organizations;
    }

    static async Task<long> EventCountAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand($"select to_regclass('{schema}.mt_events') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return 0;
        await using var command = new NpgsqlCommand($"select count(*) from {schema}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    static (double P50, double P99) Percentiles(List<double> times) => (MessagingLatency.Percentile(times, 50), MessagingLatency.Percentile(times, 99));
}
