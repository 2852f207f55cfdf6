using System.ComponentModel;
using System.Security.Cryptography;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Witnessing;
using EthicsLedger.Integrity;
using EthicsLedger.Integrity.Notes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class VerifyBundleSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("A bundle written by export.")]
    public string File { get; init; } = "";

    [CommandOption("--public-key <PEM>")]
    [Description("The ledger's public key as you obtained it yourself (repeat it for keys retired by a rotation); without it the keys inside the bundle are trusted.")]
    public string[] PublicKeys { get; init; } = [];

    [CommandOption("--trusted <FILE>")]
    [Description("A checkpoint, or an earlier bundle, you verified before: this bundle must extend it.")]
    public string? Trusted { get; init; }

    [CommandOption("--witness-policy <FILE>")]
    [Description("Also require a quorum of this policy's witnesses to have cosigned the bundle's latest checkpoint.")]
    public string? WitnessPolicy { get; init; }
}

/// <summary>Checks a bundle with no database. Exit 0 when it checks out, 3 when it does not.</summary>
public sealed class VerifyBundleCommand(Output output) : AsyncCommand<VerifyBundleSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, VerifyBundleSettings settings, CancellationToken cancellation)
    {
        if (!File.Exists(settings.File)) throw new BadInputException($"no file at '{settings.File}'");
        var pinned = new List<byte[]>();
        foreach (var pem in settings.PublicKeys)
        {
            if (!File.Exists(pem)) throw new BadInputException($"no public key at '{pem}'");
            using var key = ECDsa.Create();
            key.ImportFromPem(await File.ReadAllTextAsync(pem, cancellation));
            pinned.Add(key.ExportSubjectPublicKeyInfo());
        }
        Checkpoint? trusted = null;
        if (settings.Trusted is { } held)
        {
            if (!File.Exists(held)) throw new BadInputException($"no file at '{held}'");
            try { trusted = TrustedCheckpoint.Read(await File.ReadAllBytesAsync(held, cancellation)); }
            catch (FormatException e) { throw new BadInputException($"--trusted '{held}': {e.Message}"); }
        }
        var policy = CheckpointPublishing.LoadPolicy(settings.WitnessPolicy);
        var file = await File.ReadAllBytesAsync(settings.File, cancellation);
        var problems = BundleVerifier.Verify(file, pinned, trusted);
        if (policy is not null && BundleWitnesses.QuorumProblem(file, policy) is { } unwitnessed)
            problems = [.. problems, $"{WitnessVerification.QuorumNotMet}: {unwitnessed}"];
        if (problems.Count == 0)
        {
            output.Console.MarkupLine($"[green]OK[/]: {SafeMarkup.Line(settings.File)} checks out{(pinned.Count == 0 ? " (against the keys it carries; pin one with --public-key)" : "")}.");
            return ExitCodes.Ok;
        }
        output.Console.MarkupLine($"[red bold]REJECTED[/]: {Counted.Of(problems.Count, "problem")}.");
        foreach (var problem in problems) output.Console.MarkupLine($"  {SafeMarkup.Line(problem)}");
        return VerifyCommand.Tampered;
    }
}
