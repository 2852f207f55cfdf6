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

public sealed class FlagsSettings : AsOfSettings
{
    [CommandOption("--org <ORG>")]
    [Description("Only this organization's flags.")]
    public string? Org { get; init; }

    [CommandOption("--state <STATE>")]
    [Description("Only flags in this state: alleged, confirmed or dismissed.")]
    public string? State { get; init; }
}

public sealed class FlagsCommand(LedgerConnection ledger, Output output) : AsyncCommand<FlagsSettings>
{
    static IReadOnlyList<string> States => LedgerReads.FlagStateNames;

    public override async Task<int> ExecuteAsync(CommandContext context, FlagsSettings settings, CancellationToken cancellation)
    {
        if (settings.State is { } state && !States.Contains(state))
            throw new BadInputException($"--state must be one of {string.Join(", ", States)}, got '{state}'");
        var asOf = Dates.AsOf(settings.AsOf, ledger.Clock);
        var knownAt = Dates.KnownAt(settings.KnownAt, ledger.Clock);
        var flags = await FlagsAsync(ledger, settings.Org, settings.State, asOf, knownAt, cancellation);
        if (settings.Json) await output.Json.WriteLineAsync(JsonOutput.Flags(asOf, flags));
        else output.Console.Write(Table(flags, asOf));
        return ExitCodes.Ok;
    }

    public static async Task<IReadOnlyList<(CommitmentStance Commitment, FlagView Flag)>> FlagsAsync(
        LedgerConnection ledger, string? org, string? state, DateOnly asOf, DateTimeOffset knownAt, CancellationToken cancellation) =>
        await LedgerReads.FlagsAsync(await ledger.StoreAsync(cancellation), org, state, asOf, knownAt, cancellation);

    public static Table Table(IReadOnlyList<(CommitmentStance Commitment, FlagView Flag)> flags, DateOnly asOf)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Flags[/] as of {Dates.Text(asOf)}")
            .AddColumn("Organization").AddColumn("Commitment").AddColumn("Flag").AddColumn("Kind").AddColumn("State").AddColumn("Raised");
        if (flags.Count == 0) table.AddRow("[grey]no flags[/]", "", "", "", "", "");
        foreach (var (c, f) in flags)
            table.AddRow(SafeMarkup.Line(c.Org), SafeMarkup.Line(c.Commitment), SafeMarkup.Line(f.Flag), SafeMarkup.Line(f.Kind),
                f.State == FlagStates.Confirmed ? $"[red]{f.State}[/]" : f.State == FlagStates.Alleged ? $"[yellow]{f.State}[/]" : f.State,
                Dates.Text(f.RaisedOn));
        return table;
    }
}
