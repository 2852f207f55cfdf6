using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Rules;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class ReplaySettings : CommandSettings
{
    [CommandArgument(0, "<ORG>")]
    [Description("The organization's slug, e.g. microsoft.")]
    public string Org { get; init; } = "";

    [CommandOption("--topic <TOPIC>")]
    [Description("Only commitments and conduct on this topic.")]
    public string? Topic { get; init; }

    [CommandOption("--known-at <TIMESTAMP>")]
    [Description("Replay what the ledger had recorded by this time (RFC 3339). Default: now.")]
    public string? KnownAt { get; init; }

    [CommandOption("--json")]
    [Description("Print {\"org\", \"knownAt\", \"steps\": [[{\"on\", \"entries\", \"changes\", \"commitments\"}]]} instead of a tree (docs/ledger-format.md).")]
    public bool Json { get; init; }
}

public sealed class ReplayCommand(LedgerConnection ledger, Output output) : AsyncCommand<ReplaySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReplaySettings settings, CancellationToken cancellation)
    {
        var knownAt = Dates.KnownAt(settings.KnownAt, ledger.Clock);
        var organization = await StanceCommand.LoadAsync(ledger, settings.Org, knownAt, cancellation);
        var steps = Replay.Of(organization, Dates.AsOf(null, ledger.Clock), settings.Topic);
        if (settings.Json) await output.Json.WriteLineAsync(JsonOutput.Replay(settings.Org, knownAt, steps));
        else output.Console.Write(ReplayTree.Of(settings.Org, steps));
        return ExitCodes.Ok;
    }
}
