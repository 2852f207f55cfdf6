using System.Diagnostics;
using System.Text.Json;
using EthicsLedger.Cli;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Entries;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Integrity;
using EthicsLedger.Rules;
using EthicsLedger.Storage;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

/// <summary>
/// Issue 12's table: import, re-import, rebuild, verify and checkpoint of <c>--lines</c> generated lines, each
/// beside baselines measured in the same run on the same machine — a plain Marten Quick append of the same events
/// (the ledger's own entries, digests and all, in sessions of 1,000), binary COPY of the same lines into jsonb, a raw
/// read + deserialize of the events in sequence order, and SHA-256 over the checkpoint's leaves — then one new entry
/// on a 100,000-entry organization against one on a 10-entry organization, and a stance on the large one against
/// loading one document that holds the same entries. Medians of <c>--runs</c> runs; the machine is shared.
/// </summary>
static class Scale
{
    public sealed record Settings(int Lines, int Runs, int LargeEntries, int Rounds);

    sealed class Row(string what) { public string What { get; } = what; public List<double> Ledger { get; } = []; public List<double> Baseline { get; } = []; }

    public static async Task<int> RunAsync(string connectionString, Output silent, Settings settings, string command)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ethicsledger-scale-{settings.Lines}.jsonl");
        var content = GenerateCommand.Lines().Take(settings.Lines).ToList();
        await File.WriteAllLinesAsync(file, content);

        var quick = new Row("import vs plain Marten Quick append"); var copy = new Row("import vs COPY of the lines");
        var noop = new Row("re-import (no-op) vs first import"); var rebuild = new Row("projections rebuild vs read + deserialize");
        var verify = new Row("verify vs read + deserialize"); var checkpoint = new Row("checkpoint vs SHA-256 of its tree");
        var memory = new List<double>(); var processImport = new List<double>();
        for (var run = 1; run <= settings.Runs; run++)
        {
            var schema = $"bench_{Guid.NewGuid():N}"[..20];
            await using var ledger = new LedgerConnection(connectionString, schema) { Keys = Path.Combine(Path.GetTempPath(), schema + "-keys") };
            await ledger.HostAsync(); // start-up is not what is measured
            // Nor is making a new ledger's tables and indexes, as the baselines' tables are made before they are timed.
            await EthicsLedger.Projections.LedgerIndexes.EnsureAsync(await ledger.StoreAsync(), default);

            var importSeconds = await Measure.SecondsAsync(() => Measure.Must(Cli.RunAsync(["import", file], silent, ledger)));
            quick.Ledger.Add(importSeconds); copy.Ledger.Add(importSeconds); noop.Baseline.Add(importSeconds);
            noop.Ledger.Add(await Measure.SecondsAsync(() => Measure.Must(Cli.RunAsync(["import", file], silent, ledger))));
            copy.Baseline.Add(await Measure.SecondsAsync(() => CopyAsync(connectionString, schema, content)));

            var events = await ReadEventsAsync(connectionString, schema);
            quick.Baseline.Add(await QuickAppendAsync(connectionString, schema + "_q", events));
            var read = await Measure.SecondsAsync(() => ReadEventsAsync(connectionString, schema));
            rebuild.Ledger.Add(await Measure.SecondsAsync(() => Measure.Must(Cli.RunAsync(["projections", "rebuild"], silent, ledger))));
            rebuild.Baseline.Add(read);
            checkpoint.Ledger.Add(await Measure.SecondsAsync(() => Measure.Must(Cli.RunAsync(["checkpoint"], silent, ledger))));
            var digests = events.Select(e => Convert.FromHexString(e.Digest)).ToList();
            checkpoint.Baseline.Add(await Measure.SecondsAsync(() => Task.FromResult(MerkleTree.Root(digests))));
            verify.Ledger.Add(await Measure.SecondsAsync(() => Measure.Must(Cli.RunAsync(["verify"], silent, ledger))));
            verify.Baseline.Add(await Measure.SecondsAsync(() => ReadEventsAsync(connectionString, schema)));
            Console.Error.WriteLine($"run {run}/{settings.Runs}: import {importSeconds:0.00} s, quick {quick.Baseline[^1]:0.00} s, " +
                                    $"copy {copy.Baseline[^1]:0.00} s, no-op {noop.Ledger[^1]:0.00} s, rebuild {rebuild.Ledger[^1]:0.00} s, " +
                                    $"read {read:0.00} s, checkpoint {checkpoint.Ledger[^1]:0.00} s, verify {verify.Ledger[^1]:0.00} s");
            await DropAsync(connectionString, schema, schema + "_q");
            var (processSeconds, peak) = await ImportProcessAsync(connectionString, file);
            memory.Add(peak); processImport.Add(processSeconds);
        }

        var table = new Table().Title($"{settings.Lines:N0} lines, median of {settings.Runs} runs")
            .AddColumn("what").AddColumn("ledger").AddColumn("baseline").AddColumn("ratio (ledger speed ÷ baseline)").AddColumn("target");
        void Add(Row row, double? target) => table.AddRow(row.What, $"{Measure.Median(row.Ledger):0.00} s", $"{Measure.Median(row.Baseline):0.000} s",
            $"{Measure.Median(row.Baseline) / Measure.Median(row.Ledger):0.00}×", target is null ? "" : Met(Measure.Median(row.Baseline) / Measure.Median(row.Ledger) >= target, $"≥ {target}×"));
        Add(quick, 1.0); Add(copy, 0.3);
        table.AddRow(noop.What, $"{Measure.Median(noop.Ledger):0.00} s", $"{Measure.Median(noop.Baseline):0.00} s",
            $"{Measure.Median(noop.Ledger) / Measure.Median(noop.Baseline):0.00} of the time", Met(Measure.Median(noop.Ledger) <= 0.1 * Measure.Median(noop.Baseline), "≤ 0.1"));
        Add(rebuild, 0.5); Add(verify, 0.7); Add(checkpoint, null);
        table.AddRow("import in a process of its own (start-up included): peak resident memory", $"{Measure.Median(memory):0} MB",
            $"{Measure.Median(processImport):0.00} s", "", Met(Measure.Median(memory) <= 1024, "≤ 1 GB"));

        var (large, small, stance) = await LargeOrganizationAsync(connectionString, silent, settings);
        table.AddRow($"one new entry, {settings.LargeEntries:N0}-entry vs 10-entry organization", $"{large * 1000:0.0} ms", $"{small * 1000:0.0} ms",
            $"{large / small:0.00} of the time", Met(large <= 2 * small, "≤ 2"));
        table.AddRow($"stance on the {settings.LargeEntries:N0}-entry organization (p99) vs loading one document of its entries",
            $"{stance.Stance:0.0} ms", $"{stance.Load:0.0} ms", $"{stance.Stance / stance.Load:0.00} of the time", Met(stance.Stance <= 3 * stance.Load, "≤ 3"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(command)}[/]");
        return 0;
    }

    static string Met(bool met, string target) => met ? $"{target}: met" : $"{target}: [red]not met[/]";

    /// <summary>
    /// One organization with <c>LargeEntries</c> entries (commitments of ten entries each) and one with ten; then
    /// <c>Rounds</c> one-line imports to each, alternating, and a stance on the large one in this running host.
    /// </summary>
    static async Task<(double Large, double Small, (double Stance, double Load) Stance)> LargeOrganizationAsync(
        string connectionString, Output silent, Settings settings)
    {
        var schema = $"bench_{Guid.NewGuid():N}"[..20];
        await using var ledger = new LedgerConnection(connectionString, schema) { Keys = Path.Combine(Path.GetTempPath(), schema + "-keys") };
        var store = await ledger.StoreAsync();
        var setup = Path.Combine(Path.GetTempPath(), $"{schema}-setup.jsonl");
        await File.WriteAllLinesAsync(setup, [.. Organization("large", settings.LargeEntries / 10), .. Organization("small", 1)]);
        await Measure.Must(Cli.RunAsync(["import", setup], silent, ledger));

        var large = new List<double>(); var small = new List<double>();
        for (var round = 0; round < settings.Rounds; round++)
            foreach (var (org, times) in new[] { ("large", large), ("small", small) })
            {
                var line = Path.Combine(Path.GetTempPath(), $"{schema}-{org}-{round}.jsonl");
                await File.WriteAllLinesAsync(line, [Amendment($"{org}-c0", new DateOnly(2019, 1, 1).AddDays(round))]);
                times.Add(await Measure.SecondsAsync(() => Measure.Must(Cli.RunAsync(["import", line], silent, ledger))));
            }

        // The baseline document: the same entries, in one Marten document loaded by id (what a whole-history read model is).
        await using var documents = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.ConfigureLedgerEvents(schema);
            options.Schema.For<EntriesDocument>();
        });
        var entries = await EthicsLedger.Projections.LedgerQueries.EntriesOfAsync(store, "large");
        await using (var session = documents.LightweightSession())
        {
            session.Store(new EntriesDocument { Id = "large", Entries = entries });
            await session.SaveChangesAsync();
        }
        var loads = new List<double>(); var stances = new List<double>();
        for (var round = 0; round < settings.Rounds + 2; round++)
        {
            loads.Add(await Measure.SecondsAsync(async () =>
            {
                await using var session = documents.QuerySession();
                _ = (await session.LoadAsync<EntriesDocument>("large"))!.Entries.Count;
            }) * 1000);
            stances.Add(await Measure.SecondsAsync(async () =>
                _ = Evaluator.Stance(await LedgerReads.OrganizationAsync(store, "large", DateTimeOffset.MaxValue, default), new DateOnly(2020, 6, 1))) * 1000);
        }
        Console.Error.WriteLine($"one new entry: large {Measure.Median(large) * 1000:0.0} ms, small {Measure.Median(small) * 1000:0.0} ms; " +
                                $"stance p99 {MessagingLatency.Percentile(stances.Skip(2).ToList(), 99):0.0} ms, load p99 {MessagingLatency.Percentile(loads.Skip(2).ToList(), 99):0.0} ms");
        await DropAsync(connectionString, schema);
        return (Measure.Median(large), Measure.Median(small), (MessagingLatency.Percentile(stances.Skip(2).ToList(), 99), MessagingLatency.Percentile(loads.Skip(2).ToList(), 99)));
    }

    public sealed class EntriesDocument
    {
        public string Id { get; set; } = "";
        public List<Entry> Entries { get; set; } = [];
    }

    static IEnumerable<string> Organization(string org, int commitments)
    {
        yield return JsonSerializer.Serialize(new { type = "organization.registered", org, name = org });
        for (var c = 0; c < commitments; c++)
        {
            var made = new DateOnly(2015, 1, 1).AddDays(c % 1000);
            yield return JsonSerializer.Serialize(new
            {
                type = "commitment.made", commitment = $"{org}-c{c}", org, kind = "pledge", topic = $"topic-{c % 7}",
                statement = $"Commitment {c}.", on = $"{made:yyyy-MM-dd}", source = new { url = $"https://example.org/{c}", kind = "other" },
            });
            for (var a = 1; a <= 9; a++) yield return Amendment($"{org}-c{c}", made.AddDays(a));
        }
    }

    static string Amendment(string commitment, DateOnly on) => JsonSerializer.Serialize(new
    {
        type = "commitment.amended", commitment, statement = $"Amended on {on:yyyy-MM-dd}.", on = $"{on:yyyy-MM-dd}",
        source = new { url = "https://example.org/a", kind = "other" },
    });

    /// <summary>The events in sequence order, deserialized as any reader of the ledger deserializes them.</summary>
    public static async Task<List<Entry>> ReadEventsAsync(string connectionString, string schema)
    {
        await using var store = DocumentStore.For(options => { options.Connection(connectionString); options.ConfigureLedgerEvents(schema); });
        var serializer = store.Options.Serializer();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select type, data from {schema}.mt_events where stream_id <> 'mt_tombstone' order by seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<Entry>();
        while (await reader.ReadAsync()) entries.Add((Entry)serializer.FromJson(EntryTypes.ClrTypes[reader.GetString(0)], reader, 1));
        return entries;
    }

    /// <summary>A plain Marten program's append of the same events: Quick append, sessions of 1,000 events, no projection, no rule.</summary>
    static async Task<double> QuickAppendAsync(string connectionString, string schema, List<Entry> events)
    {
        await using var store = DocumentStore.For(options => { options.Connection(connectionString); options.ConfigureLedgerEvents(schema); });
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(JasperFx.Events.IEvent));
        return await Measure.SecondsAsync(async () =>
        {
            foreach (var batch in events.Chunk(1_000))
            {
                await using var session = store.LightweightSession();
                foreach (var stream in batch.GroupBy(Streams.Of)) session.Events.Append(stream.Key, stream.ToArray<object>());
                await session.SaveChangesAsync();
            }
        });
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

    /// <summary>
    /// The import as a user runs it: <c>ethicsledger import</c> in a process of its own, into an empty schema, start-up
    /// included. Returns its seconds and its peak resident memory (the kernel's high-water mark, VmHWM, read until it exits).
    /// </summary>
    static async Task<(double Seconds, double PeakMegabytes)> ImportProcessAsync(string connectionString, string file)
    {
        var schema = $"bench_{Guid.NewGuid():N}"[..20];
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "EthicsLedger.Cli.dll"), "import", file])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            Environment = { ["ETHICSLEDGER_DB"] = connectionString, ["ETHICSLEDGER_SCHEMA"] = schema, ["ETHICSLEDGER_KEYS"] = Path.Combine(Path.GetTempPath(), schema + "-keys") },
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            try
            {
                var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
                if (line is not null) peak = Math.Max(peak, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
            }
            catch (IOException) { } // it exited between the check and the read
            await Task.Delay(20);
        }
        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"import exited {process.ExitCode}: {await output}{await errors}");
        await DropAsync(connectionString, schema);
        return (seconds, peak / 1024.0);
    }

    static async Task DropAsync(string connectionString, params string[] schemas)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var schema in schemas) await new NpgsqlCommand($"drop schema if exists {schema} cascade", connection).ExecuteNonQueryAsync();
    }




}
