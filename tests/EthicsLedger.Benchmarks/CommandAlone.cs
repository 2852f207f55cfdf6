using EthicsLedger.Cli;
using EthicsLedger.Cli.Infrastructure;
using Spectre.Console;

/// <summary>
/// One command alone (<c>verify</c> by default; <c>--command "import FILE"</c> for a re-import), on a ledger already
/// built (<c>--schema</c>), beside a raw read + deserialize of its events, in alternating pairs in one warm process
/// (after one run not counted): what to run while working on one row of the table, without the table's imports.
/// Medians of <c>--runs</c> pairs.
/// </summary>
static class CommandAlone
{
    public static async Task<int> RunAsync(string connectionString, Output silent, string schema, string keys, string[] args, int runs, string command)
    {
        await using var ledger = new LedgerConnection(connectionString, schema) { Keys = keys };
        await ledger.HostAsync(); // start-up is not what is measured
        // Nor is the first run's compiling: in the full table, import and rebuild have run the same code before.
        await Measure.Must(Cli.RunAsync(args, silent, ledger));
        var times = new List<double>(); var read = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            times.Add(await Measure.SecondsAsync(() => Measure.Must(Cli.RunAsync(args, silent, ledger))));
            read.Add(await Measure.SecondsAsync(() => Scale.ReadEventsAsync(connectionString, schema)));
            Console.Error.WriteLine($"pair {run + 1}/{runs}: {string.Join(' ', args)} {times[^1]:0.00} s, read + deserialize {read[^1]:0.00} s");
        }
        AnsiConsole.MarkupLine(Markup.Escape($"{string.Join(' ', args)} {Measure.Median(times):0.00} s, read + deserialize {Measure.Median(read):0.00} s: " +
                                             $"{Measure.Median(read) / Measure.Median(times):0.00}× (verify's target: ≥ 0.7×), medians of {runs}"));
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(command)}[/]");
        return 0;
    }
}
