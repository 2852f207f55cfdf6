using System.ComponentModel;
using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Audit;
using EthicsLedger.Hosting.Witnessing;
using EthicsLedger.Integrity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class VerifySettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print the report as JSON.")]
    public bool Json { get; init; }

    [CommandOption("--trusted <FILE>")]
    [Description("A checkpoint (or a bundle) you hold from before: the database must extend it. Default: the last checkpoint signed, kept beside the signing key.")]
    public string? Trusted { get; init; }

    [CommandOption("--witness-policy <FILE>")]
    [Description("Also require a quorum of this policy's witnesses to have cosigned the latest checkpoint.")]
    public string? WitnessPolicy { get; init; }
}

/// <summary>Exit 0 when every digest, chain, leaf and checkpoint checks out; 3 when anything is wrong.</summary>
public sealed class VerifyCommand(LedgerConnection ledger, Output output) : AsyncCommand<VerifySettings>
{
    public const int Tampered = 3;

    public override async Task<int> ExecuteAsync(CommandContext context, VerifySettings settings, CancellationToken cancellation)
    {
        await ledger.EnsureEventTablesAsync(cancellation);
        var policy = CheckpointPublishing.LoadPolicy(settings.WitnessPolicy);
        var trusted = LastSigned(ledger, settings.Trusted);
        // A spinner while it reads every event: 100,000 take seconds.
        var report = await output.BusyAsync("Verifying every digest, chain, leaf and checkpoint…", () =>
            LedgerVerifier.VerifyAsync(ledger.ConnectionString, ledger.Schema, KeyFolder.TrustedPublicKeys(ledger.Keys), trusted, cancellation));
        if (policy is not null)
            report = report with { Problems = [.. report.Problems, .. await WitnessVerification.ProblemsAsync(
                ledger.ConnectionString, ledger.Schema, LedgerOrigin.Of(ledger.Schema), policy, cancellation)] };
        if (settings.Json) await output.Json.WriteLineAsync(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        else Render(report);
        return report.Ok ? ExitCodes.Ok : Tampered;
    }

    /// <summary>The checkpoint the database must extend: the one given, else the one the key holder signed last.</summary>
    public static Checkpoint? LastSigned(LedgerConnection ledger, string? trusted)
    {
        if (trusted is null) return CheckpointHead.Read(ledger.Keys, ledger.Schema);
        if (!File.Exists(trusted)) throw new BadInputException($"no file at '{trusted}'");
        try { return TrustedCheckpoint.Read(File.ReadAllBytes(trusted)); }
        catch (FormatException e) { throw new BadInputException($"--trusted '{trusted}': {e.Message}"); }
    }

    void Render(VerificationReport report)
    {
        var rate = report.Elapsed.TotalSeconds > 0 ? report.Events / report.Elapsed.TotalSeconds : 0;
        var summary = $"{Counted.Of(report.Events, "event")}, {Counted.Of(report.Checkpoints, "checkpoint")} over {Counted.Of(report.Leaves, "leaf", "leaves")}, checked in {report.Elapsed.TotalSeconds:0.0} s ({rate:0} events/s)";
        if (report.Ok)
        {
            output.Console.MarkupLine($"[green]OK[/]: {summary}.");
            output.Console.MarkupLine(report.TrustedTreeSize is { } size
                ? $"[grey]It extends the last checkpoint signed (size {size}), kept outside the database.[/]"
                : "[grey]No checkpoint kept outside the database to check it against (none signed with this key folder yet; or give --trusted).[/]");
            if (report.Uncovered > 0) output.Console.MarkupLine($"[grey]{report.Uncovered} newer events are chained but not yet under a checkpoint (run `checkpoint`).[/]");
            return;
        }
        output.Console.MarkupLine($"[red bold]TAMPERED[/]: {Counted.Of(report.Problems.Count, "problem")} in {summary}.");
        var first = report.First!;
        output.Console.MarkupLine($"First bad: [red]{SafeMarkup.Line(first.Kind)}[/] {SafeMarkup.Line(first.Where)}");
        var table = new Table().Border(TableBorder.Simple).AddColumn("Problem").AddColumn("Where").AddColumn("Detail");
        foreach (var p in report.Problems) table.AddRow(SafeMarkup.Line(p.Kind), SafeMarkup.Line(p.Where), SafeMarkup.Line(p.Detail));
        output.Console.Write(table);
    }

}
