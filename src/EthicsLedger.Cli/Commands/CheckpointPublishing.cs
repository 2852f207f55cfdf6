using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Audit;
using EthicsLedger.Hosting.Witnessing;
using EthicsLedger.Integrity.Notes;
using Spectre.Console;

namespace EthicsLedger.Cli.Commands;

/// <summary>
/// The witnessing half of <c>checkpoint</c>: the latest checkpoint as a signed note, sent to the
/// policy's witnesses. Exit 0 when the quorum cosigned (or no policy), 3 when a witness refused
/// the tree as not extending what it cosigned (a fork or a rewrite), 1 when witnesses were only
/// unreachable or misconfigured.
/// </summary>
public static class CheckpointPublishing
{
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static WitnessPolicy? LoadPolicy(string? path)
    {
        if (path is null) return null;
        if (!File.Exists(path)) throw new BadInputException($"no witness policy at '{path}'");
        try { return WitnessPolicy.Load(path); }
        catch (FormatException e) { throw new BadInputException(e.Message); }
    }

    public static async Task<int> PublishAsync(LedgerConnection ledger, Output output, CheckpointResult tree, WitnessPolicy? policy,
        CancellationToken cancellation)
    {
        var origin = LedgerOrigin.Of(ledger.Schema);
        var result = await CheckpointWitnessing.RunAsync(ledger.ConnectionString, ledger.Schema, origin,
            NoteKeyFile.LoadOrCreate(ledger.Keys, origin), tree, policy, Http, cancellation);
        if (result.Note is null || policy is null) return ExitCodes.Ok;
        foreach (var o in result.Outcomes)
            output.Console.MarkupLine($"  witness {SafeMarkup.Line(o.Witness.Name)}: {(o.Cosigned ? "[green]" : "[red]")}{SafeMarkup.Line(o.Detail)}[/]");
        var cosigned = result.Outcomes.Count(o => o.Cosigned);
        if (cosigned >= policy.Quorum)
        {
            output.Console.MarkupLine($"Witnessed: {cosigned} of {policy.Witnesses.Count} cosigned (quorum {policy.Quorum}).");
            return ExitCodes.Ok;
        }
        var conflict = result.Outcomes.Any(o => o.Conflict);
        await output.Errors.WriteLineAsync(conflict
            ? $"error: witnesses refused the checkpoint: the tree does not extend the one they cosigned (a fork or a rewrite); {cosigned} of quorum {policy.Quorum} cosigned"
            : $"error: only {cosigned} witnesses cosigned; the quorum is {policy.Quorum}");
        return conflict ? VerifyCommand.Tampered : ExitCodes.Failure;
    }
}
