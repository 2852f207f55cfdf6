using System.Diagnostics;
using System.Text.Json;
using EthicsLedger.Cli;
using EthicsLedger.Cli.Infrastructure;
using Npgsql;
using Spectre.Console;

/// <summary>
/// What the import locks cost: the same files imported one after another, then by several importers
/// at once — each file about an organization of its own (disjoint: the locks should let them run side
/// by side), and all about one organization (overlapping: the locks must take them in turn, and should
/// cost little beyond that). Each in a fresh schema; hosts started and tables created before the clock
/// runs. Medians of several runs, and the ratio of each pair.
/// </summary>
public static class ConcurrentImports
{
    public static async Task<int> RunAsync(string connectionString, Output silent, int files, int importers, int runs)
    {
        var disjointInTurn = new List<double>(); var disjoint = new List<double>();
        var overlappingInTurn = new List<double>(); var overlapping = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            disjointInTurn.Add(await TimeAsync(connectionString, silent, Files(files, disjoint: true), importers: 1));
            disjoint.Add(await TimeAsync(connectionString, silent, Files(files, disjoint: true), importers));
            overlappingInTurn.Add(await TimeAsync(connectionString, silent, Files(files, disjoint: false), importers: 1));
            overlapping.Add(await TimeAsync(connectionString, silent, Files(files, disjoint: false), importers));
            Console.Error.WriteLine($"run {run}/{runs}: disjoint in turn {disjointInTurn[^1]:0.00} s, {importers} at once {disjoint[^1]:0.00} s; " +
                $"one organization in turn {overlappingInTurn[^1]:0.00} s, {importers} at once {overlapping[^1]:0.00} s");
        }
        var lines = Files(files, disjoint: true).Sum(f => f.Length);
        var table = new Table().Title($"{files} files of {lines / files} lines, median of {runs} runs")
            .AddColumn("files about").AddColumn("one importer, in turn").AddColumn($"{importers} importers at once").AddColumn("speed-up (same run)");
        table.AddRow("an organization each", $"{Measure.Median(disjointInTurn):0.00} s", $"{Measure.Median(disjoint):0.00} s", $"{Measure.Median(disjointInTurn) / Measure.Median(disjoint):0.00}×");
        table.AddRow("one organization", $"{Measure.Median(overlappingInTurn):0.00} s", $"{Measure.Median(overlapping):0.00} s", $"{Measure.Median(overlappingInTurn) / Measure.Median(overlapping):0.00}×");
        AnsiConsole.Write(table);
        return 0;
    }

    /// <summary>Each file: a registration, 20 commitments and 100 amendments — 21 lock keys, well under the whole-ledger threshold.</summary>
    static List<string[]> Files(int count, bool disjoint) => Enumerable.Range(0, count).Select(f =>
    {
        var org = disjoint ? $"org-{f}" : "shared";
        var commitments = Enumerable.Range(0, 20).Select(c => $"c-{f}-{c}").ToArray();
        return new[] { Line(new { type = "organization.registered", org, name = org }) }
            .Concat(commitments.Select(c => Line(new
            {
                type = "commitment.made", commitment = c, org, kind = "pledge", topic = "facial-recognition",
                statement = "We will not.", on = "2020-01-01", source = new { url = "https://example.org/" + c },
            })))
            .Concat(commitments.SelectMany(c => Enumerable.Range(1, 5).Select(a => Line(new
            {
                type = "commitment.amended", commitment = c, on = $"2020-0{a + 1}-01", statement = $"Restated {a}.",
                source = new { url = "https://example.org/" + c },
            }))))
            .ToArray();
    }).ToList();

    static string Line(object value) => JsonSerializer.Serialize(value);

    static async Task<double> TimeAsync(string connectionString, Output silent, List<string[]> files, int importers)
    {
        var schema = $"bench_{Guid.NewGuid():N}"[..20];
        var paths = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(Path.GetTempPath(), $"{schema}-{paths.Count}.jsonl");
            await File.WriteAllLinesAsync(path, file);
            paths.Add(path);
        }
        var connections = Enumerable.Range(0, importers).Select(_ => new LedgerConnection(connectionString, schema)).ToList();
        // Tables exist before the clock runs: creating them is not what is measured.
        if (await Cli.RunAsync(["migrate"], silent, connections[0]) != 0) throw new InvalidOperationException("migrate failed");
        foreach (var connection in connections) await connection.HostAsync();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(connections.Select(async (connection, i) =>
        {
            foreach (var path in paths.Where((_, n) => n % importers == i))
                if (await Cli.RunAsync(["import", path], silent, connection) != 0) throw new InvalidOperationException($"import of {path} failed");
        }));
        var seconds = clock.Elapsed.TotalSeconds;

        foreach (var connection in connections) await connection.DisposeAsync();
        await using var drop = new NpgsqlConnection(connectionString);
        await drop.OpenAsync();
        await new NpgsqlCommand($"drop schema {schema} cascade", drop).ExecuteNonQueryAsync();
        return seconds;
    }
}
