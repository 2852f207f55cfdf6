using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Entries;
using EthicsLedger.Hosting.Audit;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Rules;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class AuditReportSettings : AsOfSettings
{
    [CommandOption("--org <ORG>")]
    [Description("The organization's slug, e.g. amazon. Required.")]
    public string? Org { get; init; }
}

/// <summary>
/// The auditor's report: the verification result of the whole ledger, then per commitment of one
/// organization its status, flags, findings, attestations and evidence with their sources.
/// Exit 0 whenever the report is produced, even when verification found problems (the report says so).
/// </summary>
public sealed class AuditReportCommand(LedgerConnection ledger, Output output) : AsyncCommand<AuditReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AuditReportSettings settings, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(settings.Org)) throw new BadInputException("--org is required, e.g. audit-report --org amazon");
        var asOf = Dates.AsOf(settings.AsOf, ledger.Clock);
        var knownAt = Dates.KnownAt(settings.KnownAt, ledger.Clock);
        var organization = await StanceCommand.LoadAsync(ledger, settings.Org, knownAt, cancellation);
        var audit = AuditReport.Of(organization, asOf);

        await ledger.EnsureEventTablesAsync(cancellation);
        var verification = await LedgerVerifier.VerifyAsync(ledger.ConnectionString, ledger.Schema, KeyFolder.TrustedPublicKeys(ledger.Keys),
            VerifyCommand.LastSigned(ledger, null), cancellation);

        if (settings.Json) await output.Json.WriteLineAsync(JsonOutput.Audit(audit, knownAt, verification));
        else Render(audit, knownAt, verification);
        return ExitCodes.Ok;
    }

    void Render(AuditReport audit, DateTimeOffset knownAt, VerificationReport verification)
    {
        output.Console.Write(new Rule($"[bold]Audit report: {SafeMarkup.Line(audit.Org)}[/] as of {Dates.Text(audit.AsOf)}, known at {knownAt:yyyy-MM-dd HH:mm:ss}Z").LeftJustified());
        output.Console.Write(VerificationPanel(verification));
        if (audit.Commitments.Count == 0) output.Console.MarkupLine("[grey]No commitments made by this date.[/]");
        foreach (var c in audit.Commitments) output.Console.Write(CommitmentTree(c));
    }

    static Panel VerificationPanel(VerificationReport report)
    {
        var lines = new List<string>
        {
            report.Ok
                ? "[green bold]Ledger verified[/]: every digest, chain, leaf and checkpoint checks out."
                : $"[red bold]Ledger NOT verified[/]: {Counted.Of(report.Problems.Count, "problem")}.",
            $"{Counted.Of(report.Events, "event")} checked, {Counted.Of(report.Checkpoints, "checkpoint")} over {Counted.Of(report.Leaves, "leaf", "leaves")}; " +
            (report.Uncovered > 0 ? $"[yellow]{Counted.Of(report.Uncovered, "event")} not yet under a checkpoint[/]." : "every event is under a checkpoint."),
        };
        if (report.First is { } first)
            lines.Add($"First problem: [red]{SafeMarkup.Line(first.Kind)}[/] {SafeMarkup.Line(first.Where)}: {SafeMarkup.Line(first.Detail)}");
        return new Panel(new Markup(string.Join("\n", lines)))
            .Header("Verification")
            .Border(BoxBorder.Rounded)
            .BorderColor(report.Ok ? Color.Green : Color.Red);
    }

    static Tree CommitmentTree(CommitmentAudit audit)
    {
        var c = audit.Stance;
        var tree = new Tree(new Markup(
            $"[bold]{SafeMarkup.Line(c.Commitment)}[/] [grey]{SafeMarkup.Line(c.Kind)} on {SafeMarkup.Line(c.Topic)}[/]: {StanceTable.Status(c).Replace("\n", " · ")}"));
        tree.AddNode(new Markup($"[grey]term[/] {SafeMarkup.Line(StanceTable.TermText(c.Term).Replace("\n", ", "))}"));

        var flags = tree.AddNode(new Markup($"[bold]Flags[/] ({c.Flags.Count})"));
        foreach (var f in c.Flags)
            flags.AddNode(new Markup($"{StateMarkup(f.State)} {SafeMarkup.Line(f.Kind)} [grey]{SafeMarkup.Line(f.Flag)} · raised {Dates.Text(f.RaisedOn)}[/]"));

        var findings = tree.AddNode(new Markup($"[bold]Findings[/] ({audit.Findings.Count})"));
        foreach (var f in audit.Findings)
            findings.AddNode(new Markup(
                $"{Dates.Text(f.On)} {SafeMarkup.Line(f.Flag)} → {StateMarkup(f.State)} by [bold]{SafeMarkup.Line(f.By)}[/]: {SafeMarkup.Lines(f.Text)}{SourceMarkup(f.SourceUrl)}"));

        var attestations = tree.AddNode(new Markup($"[bold]Attestations[/] ({audit.Attestations.Count})"));
        foreach (var a in audit.Attestations)
            attestations.AddNode(new Markup(
                $"{Dates.Text(a.On)} [bold]{SafeMarkup.Line(a.Verdict)}[/] by [bold]{SafeMarkup.Line(a.By)}[/]: {SafeMarkup.Lines(a.Note)}" +
                (a.Methodology is { } m ? $" [grey](methodology: {SafeMarkup.Lines(m)})[/]" : "") + SourceMarkup(a.SourceUrl)));

        var evidence = tree.AddNode(new Markup($"[bold]Evidence[/] ({audit.Evidence.Count})"));
        foreach (var e in audit.Evidence)
            evidence.AddNode(new Markup(
                $"{Dates.Text(e.On)} {SafeMarkup.Line(e.Type)}" +
                (e.Subject == c.Commitment ? "" : $" [bold]{SafeMarkup.Line(e.Subject)}[/]") + SourceMarkup(e.SourceUrl)));
        return tree;
    }

    static string StateMarkup(string state) =>
        $"[{(state == FlagStates.Confirmed ? "red" : state == FlagStates.Alleged ? "yellow" : "grey")}]{SafeMarkup.Line(state)}[/]";

    static string SourceMarkup(string? url) => url is null ? "" : $" [grey]{SafeMarkup.Line(url)}[/]";
}
