using EthicsLedger.Cli;
using EthicsLedger.Cli.Infrastructure;
using Spectre.Console;

/// <summary>
/// <c>verify</c> alone, on a ledger already built (<c>--schema</c>), against its baseline — a raw read + deserialize of
/// the same events — in alternating pairs in one warm process (after one verify not counted): what to run while working on verify, without the
/// full table's imports. Medians of <c>--runs</c> pairs.
/// </summary>
static class VerifyAlone
{
    public static async Task<int> RunAsync(string connectionString, Output silent, string schema, string keys, int runs, string command)
    {
        await using var ledger = new LedgerConnection(connectionString, schema) { Keys = keys };
        await ledger.HostAsync(); // start-up is not what is measured
        // Nor is the first run's compiling: in the full table, import and rebuild have run the same code before verify.
        await Measure.Must(Cli.RunAsync(["verify"], silent, ledger));
        var verify = new List<double>(); var read = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            verify.Add(await Measure.SecondsAsync(() => Measure.Must(Cli.RunAsync(["verify"], silent, ledger))));
            read.Add(await Measure.SecondsAsync(() => Scale.ReadEventsAsync(connectionString, schema)));
            Console.Error.WriteLine($"pair {run + 1}/{runs}: verify {verify[^1]:0.00} s, read + deserialize {read[^1]:0.00} s");
        }
        AnsiConsole.MarkupLine($"verify {Measure.Median(verify):0.00} s, read + deserialize {Measure.Median(read):0.00} s: " +
                               $"{Measure.Median(read) / Measure.Median(verify):0.00}× (target ≥ 0.7×), medians of {runs}");
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(command)}[/]");
        return 0;
    }
}
