using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Rules;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

/// <summary>
/// The 2020 facial-recognition story, from Demo/story-2020.jsonl (every entry with its public
/// source), imported into a schema of its own so the demo never touches the user's ledger.
/// </summary>
public sealed class DemoCommand(LedgerConnection ledger, Output output) : AsyncCommand
{
    public const string Schema = "ethicsledger_demo";
    public static string StoryFile => Path.Combine(AppContext.BaseDirectory, "Demo", "story-2020.jsonl");

    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellation)
    {
        await ResetSchemaAsync(ledger.ConnectionString, cancellation);
        await using var demo = new LedgerConnection(ledger.ConnectionString, Schema, ledger.Clock);
        var console = output.Console;
        var today = Dates.AsOf(null, ledger.Clock);

        console.Write(new Rule("[bold]EthicsLedger demo: facial recognition, 2019–2023[/]").LeftJustified());
        console.MarkupLine($"[grey]Importing {SafeMarkup.Line(StoryFile)} into schema {Schema}…[/]");
        var result = await ImportCommand.ImportAsync(demo, output, StoryFile, cancellation);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) await output.Errors.WriteLineAsync(error.ToString());
            return ExitCodes.Failure;
        }
        console.MarkupLine($"Appended [green]{Counted.Of(result.Appended, "entry", "entries")}[/], each with its source.\n");

        console.Write(new Rule("Where each organization stands today").LeftJustified());
        foreach (var org in new[] { "ibm", "amazon", "microsoft" })
            console.Write(StanceTable.Of(Evaluator.Stance(await StanceCommand.LoadAsync(demo, org, ledger.Clock.GetUtcNow(), cancellation), today)));

        console.Write(new Rule("How Microsoft's stance changed, and on what evidence").LeftJustified());
        var microsoft = await StanceCommand.LoadAsync(demo, "microsoft", ledger.Clock.GetUtcNow(), cancellation);
        console.Write(ReplayTree.Of("microsoft", Replay.Of(microsoft, today)));

        console.Write(new Rule("Broken-promise flags").LeftJustified());
        console.Write(FlagsCommand.Table(await FlagsCommand.FlagsAsync(demo, null, null, today, ledger.Clock.GetUtcNow(), cancellation), today));

        console.Write(new Rule("Amazon's moratorium, read on three dates").LeftJustified());
        var amazon = await StanceCommand.LoadAsync(demo, "amazon", ledger.Clock.GetUtcNow(), cancellation);
        foreach (var asOf in new[] { new DateOnly(2020, 6, 9), new DateOnly(2021, 6, 15), today })
            console.Write(StanceTable.Of(Evaluator.Stance(amazon, asOf)));

        console.MarkupLine($"\n[grey]Try it yourself: ETHICSLEDGER_SCHEMA={Schema} dotnet run --project src/EthicsLedger.Cli -- stance amazon --as-of 2021-06-15 --json[/]");
        return ExitCodes.Ok;
    }

    static async Task ResetSchemaAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", connection);
        await drop.ExecuteNonQueryAsync(cancellation);
    }
}
