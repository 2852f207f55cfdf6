using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Rules;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

/// <summary>
/// The 2020 facial-recognition story, from Demo/story-2020.jsonl (every entry with its public
/// source), imported in two parts into a schema of its own so the demo never touches the user's
/// ledger — and so both time axes show: Amazon's moratorium as of three dates as the ledger knew it
/// between the parts (a one-year term, then expired), and as it knows it now (extended).
/// </summary>
public sealed class DemoCommand(LedgerConnection ledger, Output output) : AsyncCommand
{
    public const string Schema = "ethicsledger_demo";
    public static string StoryFile => Path.Combine(AppContext.BaseDirectory, "Demo", "story-2020.jsonl");

    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellation)
    {
        var console = output.Console;
        var today = Dates.AsOf(null, ledger.Clock);
        console.Write(new Rule("[bold]EthicsLedger demo: facial recognition, 2019–2023[/]").LeftJustified());
        await using var demo = new LedgerConnection(ledger.ConnectionString, Schema, ledger.Clock);
        if (await ImportStoryAsync(ledger, demo, output, cancellation) is not { } between) return ExitCodes.Failure;
        var now = ledger.Clock.GetUtcNow();

        console.Write(new Rule("Where each organization stands today").LeftJustified());
        foreach (var org in new[] { "ibm", "amazon", "microsoft" })
            console.Write(StanceTable.Of(Evaluator.Stance(await StanceCommand.LoadAsync(demo, org, now, cancellation), today)));

        console.Write(new Rule("How Microsoft's stance changed, and on what evidence").LeftJustified());
        var microsoft = await StanceCommand.LoadAsync(demo, "microsoft", now, cancellation);
        console.Write(ReplayTree.Of("microsoft", Replay.Of(microsoft, today)));

        console.Write(new Rule("Broken-promise flags").LeftJustified());
        console.Write(FlagsCommand.Table(await FlagsCommand.FlagsAsync(demo, null, null, today, now, cancellation), today));

        console.Write(new Rule($"Amazon's moratorium as the ledger knew it at {between:yyyy-MM-ddTHH:mm:ss.ffffffZ}, before it learned of the extension").LeftJustified());
        var amazonThen = await StanceCommand.LoadAsync(demo, "amazon", between, cancellation);
        foreach (var asOf in new[] { new DateOnly(2020, 6, 9), new DateOnly(2021, 6, 1), new DateOnly(2021, 6, 15) })
            console.Write(StanceTable.Of(Evaluator.Stance(amazonThen, asOf)));

        console.Write(new Rule("… and as it knows it now: extended on 2021-05-18").LeftJustified());
        var amazon = await StanceCommand.LoadAsync(demo, "amazon", now, cancellation);
        console.Write(StanceTable.Of(Evaluator.Stance(amazon, new DateOnly(2021, 6, 15))));
        console.Write(ReplayTree.Of("amazon", Replay.Of(amazon, today)));

        console.MarkupLine($"\n[grey]The same two readings: ETHICSLEDGER_SCHEMA={Schema} dotnet run --project src/EthicsLedger.Cli -- " +
                           $"stance amazon --as-of 2021-06-15 --known-at {between:yyyy-MM-ddTHH:mm:ss.ffffffZ}   (then without --known-at)[/]");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The story, anew, in schema <see cref="Schema"/>, told in two imports as a ledger learns: what was known by the end
    /// of 2020, then what came after. Returns the moment between them — a known-at that shows what the ledger said
    /// before it learned the rest — or null when an import failed (its errors printed).
    /// </summary>
    public static async Task<DateTimeOffset?> ImportStoryAsync(LedgerConnection ledger, LedgerConnection demo, Output output, CancellationToken cancellation)
    {
        await ResetSchemaAsync(ledger.ConnectionString, cancellation);
        var story = await File.ReadAllLinesAsync(StoryFile, cancellation);
        var later = story.Where(line => JsonDocument.Parse(line).RootElement.TryGetProperty("on", out var on) && string.CompareOrdinal(on.GetString(), "2021") >= 0).ToList();
        output.Console.MarkupLine($"[grey]Importing {SafeMarkup.Line(StoryFile)} into schema {Schema}, in two parts…[/]");
        if (!await ImportPartAsync(demo, output, story.Except(later).ToList(), "what was known by the end of 2020", cancellation)) return null;
        var between = ledger.Clock.GetUtcNow();
        await Task.Delay(TimeSpan.FromMilliseconds(10), cancellation);
        if (!await ImportPartAsync(demo, output, later, "what came after: Amazon's extension, IBM's 2023 contract", cancellation)) return null;
        return between;
    }

    static async Task<bool> ImportPartAsync(LedgerConnection demo, Output output, IReadOnlyList<string> lines, string what, CancellationToken cancellation)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ethicsledger-demo-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, lines, cancellation);
        try
        {
            var result = await ImportCommand.ImportAsync(demo, output, file, cancellation);
            foreach (var error in result.Errors) await output.Errors.WriteLineAsync(error.ToString());
            if (result.Succeeded)
                output.Console.MarkupLine($"Appended [green]{Counted.Of(result.Appended, "entry", "entries")}[/], each with its source: {SafeMarkup.Line(what)}.");
            return result.Succeeded;
        }
        finally
        {
            File.Delete(file);
        }
    }
    static async Task ResetSchemaAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", connection);
        await drop.ExecuteNonQueryAsync(cancellation);
    }
}
