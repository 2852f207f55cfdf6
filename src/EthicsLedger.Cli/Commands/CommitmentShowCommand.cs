using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Entries;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Projections;
using EthicsLedger.Rules;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class CommitmentShowSettings : CommandSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The commitment's slug.")]
    public string Commitment { get; init; } = "";

    [CommandOption("--as-of <DATE>")]
    [Description("Status as of this date (YYYY-MM-DD). Default: today (UTC).")]
    public string? AsOf { get; init; }

    [CommandOption("--known-at <TIMESTAMP>")]
    [Description("As the ledger had recorded it by this time (RFC 3339). Default: now.")]
    public string? KnownAt { get; init; }

    [CommandOption("--json")]
    [Description("Print the commitment, its stance and every entry in fold order as JSON (docs/ledger-format.md).")]
    public bool Json { get; init; }
}

public sealed class CommitmentShowCommand(LedgerConnection ledger, Output output) : AsyncCommand<CommitmentShowSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CommitmentShowSettings settings, CancellationToken cancellation)
    {
        var asOf = Dates.AsOf(settings.AsOf, ledger.Clock);
        var knownAt = Dates.KnownAt(settings.KnownAt, ledger.Clock);
        var read = await LedgerReads.CommitmentAsync(await ledger.StoreAsync(cancellation), settings.Commitment, knownAt, cancellation);
        var (commitment, organization, timeline) = read;
        var org = commitment.Org;
        var stance = timeline.Made!.On <= asOf ? Evaluator.CommitmentAsOf(timeline, organization.Conducts, asOf) : null;
        if (settings.Json)
        {
            await output.Json.WriteLineAsync(JsonOutput.Commitment(read, stance, asOf, knownAt));
            return ExitCodes.Ok;
        }

        output.Console.Write(new Rule($"[bold]{SafeMarkup.Line(commitment.Commitment)}[/]").LeftJustified());
        output.Console.MarkupLine($"[grey]{SafeMarkup.Line(commitment.Kind)} by[/] {SafeMarkup.Line(org)} [grey]on[/] {SafeMarkup.Line(commitment.Topic)}, made {Dates.Text(commitment.On)}, {Counted.Of(timeline.Entries.Count, "entry", "entries")}");
        // A line of its own, not a cell: a line feed in the statement is shown as \n, or it could print a line that passes for ours.
        output.Console.MarkupLine($"[italic]{SafeMarkup.Line(timeline.ShapeAt(DateOnly.MaxValue)!.Statement)}[/]");
        if (stance is not null)
        {
            output.Console.Write(StanceTable.Of(new Stance(org, asOf, [stance]), $"as of {Dates.Text(asOf)}"));
        }
        else output.Console.MarkupLine($"[grey]Not yet made as of {Dates.Text(asOf)}.[/]");

        var entries = new Table().Border(TableBorder.Simple).Title("Entries, in fold order")
            .AddColumn("On").AddColumn("Entry").AddColumn("Recorded").AddColumn("Source");
        foreach (var e in timeline.Entries)
            entries.AddRow(Dates.Text(e.On), SafeMarkup.Line(e.Type), e.Recorded.ToString("yyyy-MM-dd HH:mm:ss'Z'"), SafeMarkup.Line(e.Source?.Url));
        output.Console.Write(entries);
        return ExitCodes.Ok;
    }
}
