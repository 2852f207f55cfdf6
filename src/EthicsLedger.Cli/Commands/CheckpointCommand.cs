using System.ComponentModel;
using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Audit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class CheckpointSettings : CommandSettings
{
    [CommandOption("--every <SECONDS>")]
    [Description("Keep running, checkpointing every this many seconds (Ctrl+C to stop). Default: once.")]
    public int? Every { get; init; }

    [CommandOption("--witness-policy <FILE>")]
    [Description("Send each checkpoint to the witnesses of this policy and keep their cosignatures (docs/verification.md).")]
    public string? WitnessPolicy { get; init; }

    [CommandOption("--json")]
    [Description("Print one line per pass: {\"signed\", \"treeSize\", \"rootHash\", \"signedAt\", \"keyId\", \"newLeaves\"} (signed false when there was nothing new).")]
    public bool Json { get; init; }
}

/// <summary>Extends the Merkle tree to the events committed so far and signs a checkpoint with the ledger's key.</summary>
public sealed class CheckpointCommand(LedgerConnection ledger, Output output) : AsyncCommand<CheckpointSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CheckpointSettings settings, CancellationToken cancellation)
    {
        using var key = KeyFolder.SigningKey(ledger.Keys);
        var policy = CheckpointPublishing.LoadPolicy(settings.WitnessPolicy);
        await ledger.EnsureEventTablesAsync(cancellation);
        var exit = ExitCodes.Ok;
        do
        {
            CheckpointResult result;
            try
            {
                result = await output.BusyAsync("Extending the tree over the new events and signing…", () =>
                    Checkpointer.RunAsync(ledger.ConnectionString, ledger.Schema, key,
                        CheckpointHead.Read(ledger.Keys, ledger.Schema), KeyFolder.TrustedPublicKeys(ledger.Keys), ledger.Clock, cancellation));
            }
            catch (CheckpointRefusedException refused)
            {
                await output.Errors.WriteLineAsync($"error: {SafeText.Line(refused.Message)}");
                return VerifyCommand.Tampered;
            }
            if (result.Checkpoint is { } signed) CheckpointHead.Write(ledger.Keys, ledger.Schema, signed);
            if (settings.Json)
                await output.Json.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    signed = result.Checkpoint is not null, treeSize = result.TreeSize, rootHash = result.Checkpoint?.RootHash,
                    signedAt = result.Checkpoint?.SignedAt, keyId = result.Checkpoint?.KeyId, newLeaves = result.NewLeaves,
                }, ProofJson.Options));
            else output.Console.MarkupLine(result.Checkpoint is { } c
                ? $"Checkpoint: [green]{c.TreeSize}[/] events, root {c.RootHash}, signed by key {c.KeyId} at {c.SignedAt:yyyy-MM-dd HH:mm:ss}Z ({result.NewLeaves} new)."
                : $"No new events: the latest checkpoint already covers all {result.TreeSize}.");
            exit = await CheckpointPublishing.PublishAsync(ledger, output, result, policy, cancellation);
            if (settings.Every is not { } seconds) break;
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, seconds)), cancellation);
        } while (!cancellation.IsCancellationRequested);
        return exit;
    }
}
