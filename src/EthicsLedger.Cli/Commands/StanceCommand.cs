using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Projections;
using EthicsLedger.Rules;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public class AsOfSettings : CommandSettings
{
    [CommandOption("--as-of <DATE>")]
    [Description("Fold only what happened on or before this date (YYYY-MM-DD). Default: today (UTC).")]
    public string? AsOf { get; init; }

    [CommandOption("--known-at <TIMESTAMP>")]
    [Description("Fold only what the ledger had recorded by this time (RFC 3339). Default: now.")]
    public string? KnownAt { get; init; }

    [CommandOption("--json")]
    [Description("Print JSON as docs/ledger-format.md fixes it, instead of tables.")]
    public bool Json { get; init; }
}

public sealed class StanceSettings : AsOfSettings
{
    [CommandArgument(0, "<ORG>")]
    [Description("The organization's slug, e.g. amazon.")]
    public string Org { get; init; } = "";

    [CommandOption("--topic <TOPIC>")]
    [Description("Only commitments on this topic, e.g. facial-recognition.")]
    public string? Topic { get; init; }
}

public sealed class StanceCommand(LedgerConnection ledger, Output output) : AsyncCommand<StanceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StanceSettings settings, CancellationToken cancellation)
    {
        var asOf = Dates.AsOf(settings.AsOf, ledger.Clock);
        var knownAt = Dates.KnownAt(settings.KnownAt, ledger.Clock);
        var organization = await LoadAsync(ledger, settings.Org, knownAt, cancellation);
        var stance = Evaluator.Stance(organization, asOf, settings.Topic);
        if (settings.Json) await output.Json.WriteLineAsync(JsonOutput.Stance(stance, knownAt));
        else output.Console.Write(StanceTable.Of(stance));
        return ExitCodes.Ok;
    }

    public static async Task<OrganizationLedger> LoadAsync(LedgerConnection ledger, string org, DateTimeOffset knownAt, CancellationToken cancellation) =>
        await LedgerReads.OrganizationAsync(await ledger.StoreAsync(cancellation), org, knownAt, cancellation);
}
