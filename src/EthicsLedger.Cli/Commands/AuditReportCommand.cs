using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Entries;
using EthicsLedger.Hosting.Audit;
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
        var verification = await LedgerVerifier.VerifyAsync(ledger.ConnectionString, ledger.Schema, KeyFolder.TrustedPublicKeys(ledger.Keys), cancellation);

        if (settings.Json) await output.Json.WriteLineAsync(JsonOutput.Audit(audit, knownAt, verification));
        else Render(audit, knownAt, verification);
        return ExitCodes.Ok;
    }

    void Render(AuditReport audit, DateTimeOffset knownAt, VerificationReport verification)
    {
        output.Console.Write(new Rule($"[bold]Audit report: {Markup.Escape(audit.Org)}[/] as of {Dates.Text(audit.AsOf)}, known at {knownAt:yyyy-MM-dd HH:mm:ss}Z").LeftJustified());
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
                : $"[red bold]Ledger NOT verified[/]: {report.Problems.Count} problem(s).",
            $"{report.Events} events checked, {report.Checkpoints} checkpoint(s) over {report.Leaves} leaves; " +
            (report.Uncovered > 0 ? $"[yellow]{report.Uncovered} event(s) not yet under a checkpoint[/]." : "every event is under a checkpoint."),
        };
        if (report.First is { } first)
            lines.Add($"First problem: [red]{Markup.Escape(first.Kind)}[/] {Markup.Escape(first.Where)}: {Markup.Escape(first.Detail)}");
        return new Panel(new Markup(string.Join("\n", lines)))
            .Header("Verification")
            .Border(BoxBorder.Rounded)
            .BorderColor(report.Ok ? Color.Green : Color.Red);
    }

    static Tree CommitmentTree(CommitmentAudit audit)
    {
        var c = audit.Stance;
        var tree = new Tree(new Markup(
            $"[bold]{Markup.Escape(c.Commitment)}[/] [grey]{Markup.Escape(c.Kind)} on {Markup.Escape(c.Topic)}[/]: {StanceTable.Status(c).Replace("\n", " · ")}"));
        tree.AddNode(new Markup($"[grey]term[/] {Markup.Escape(StanceTable.TermText(c.Term).Replace("\n", ", "))}"));

        var flags = tree.AddNode(new Markup($"[bold]Flags[/] ({c.Flags.Count})"));
        foreach (var f in c.Flags)
            flags.AddNode(new Markup($"{StateMarkup(f.State)} {Markup.Escape(f.Kind)} [grey]{Markup.Escape(f.Flag)} · raised {Dates.Text(f.RaisedOn)}[/]"));

        var findings = tree.AddNode(new Markup($"[bold]Findings[/] ({audit.Findings.Count})"));
        foreach (var f in audit.Findings)
            findings.AddNode(new Markup(
                $"{Dates.Text(f.On)} {Markup.Escape(f.Flag)} → {StateMarkup(f.State)} by [bold]{Markup.Escape(f.By)}[/]: {Markup.Escape(f.Text)}{SourceMarkup(f.SourceUrl)}"));

        var attestations = tree.AddNode(new Markup($"[bold]Attestations[/] ({audit.Attestations.Count})"));
        foreach (var a in audit.Attestations)
            attestations.AddNode(new Markup(
                $"{Dates.Text(a.On)} [bold]{Markup.Escape(a.Verdict)}[/] by [bold]{Markup.Escape(a.By)}[/]: {Markup.Escape(a.Note)}" +
                (a.Methodology is { } m ? $" [grey](methodology: {Markup.Escape(m)})[/]" : "") + SourceMarkup(a.SourceUrl)));

        var evidence = tree.AddNode(new Markup($"[bold]Evidence[/] ({audit.Evidence.Count})"));
        foreach (var e in audit.Evidence)
            evidence.AddNode(new Markup(
                $"{Dates.Text(e.On)} {Markup.Escape(e.Type)}" +
                (e.Subject == c.Commitment ? "" : $" [bold]{Markup.Escape(e.Subject)}[/]") + SourceMarkup(e.SourceUrl)));
        return tree;
    }

    static string StateMarkup(string state) =>
        $"[{(state == FlagStates.Confirmed ? "red" : state == FlagStates.Alleged ? "yellow" : "grey")}]{Markup.Escape(state)}[/]";

    static string SourceMarkup(string? url) => url is null ? "" : $" [grey]{Markup.Escape(url)}[/]";
}
