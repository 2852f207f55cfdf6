using System.ComponentModel;
using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Audit;
using EthicsLedger.Integrity;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class ProveInclusionSettings : CommandSettings
{
    [CommandArgument(0, "<STREAM>")]
    [Description("The event's stream, e.g. commitment:amazon-rekognition-police-moratorium or org:amazon.")]
    public string Stream { get; init; } = "";

    [CommandArgument(1, "<VERSION>")]
    [Description("The event's version within its stream, from 1.")]
    public long Version { get; init; }

    [CommandOption("--size <TREE_SIZE>")]
    [Description("The checkpoint to prove against, by its tree size. Default: the latest.")]
    public long? Size { get; init; }
}

public sealed class ProveConsistencySettings : CommandSettings
{
    [CommandArgument(0, "<FROM>")]
    [Description("The older checkpoint's tree size.")]
    public long From { get; init; }

    [CommandArgument(1, "<TO>")]
    [Description("The newer checkpoint's tree size.")]
    public long To { get; init; }
}

/// <summary>Prints, as JSON, the audit path that puts one event under a signed checkpoint's root (RFC 6962 §2.1.1).</summary>
public sealed class ProveInclusionCommand(LedgerConnection ledger, Output output) : AsyncCommand<ProveInclusionSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ProveInclusionSettings settings, CancellationToken cancellation)
    {
        await ledger.EnsureEventTablesAsync(cancellation);
        var proof = await Proofs.InclusionAsync(ledger.ConnectionString, ledger.Schema, settings.Stream, settings.Version, settings.Size, cancellation);
        if (proof is null)
        {
            // An event that does not exist is not one a checkpoint could cover: say which it is.
            var last = await Proofs.LastVersionAsync(ledger.ConnectionString, ledger.Schema, settings.Stream, cancellation);
            if (settings.Version > last)
                throw new BadInputException(last == 0
                    ? $"there is no stream {settings.Stream} in the ledger, so no event to prove"
                    : $"{settings.Stream} has {Counted.Of(last, "version")}, not {settings.Version}: there is no such event to prove");
            throw new BadInputException($"{settings.Stream} version {settings.Version} is under no {(settings.Size is { } s ? $"checkpoint of size {s}" : "checkpoint yet (run checkpoint)")}");
        }
        await output.Json.WriteLineAsync(JsonSerializer.Serialize(proof, ProofJson.Options));
        return ExitCodes.Ok;
    }
}

/// <summary>Prints, as JSON, the proof that a newer checkpoint only extends an older one (RFC 6962 §2.1.2).</summary>
public sealed class ProveConsistencyCommand(LedgerConnection ledger, Output output) : AsyncCommand<ProveConsistencySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ProveConsistencySettings settings, CancellationToken cancellation)
    {
        await ledger.EnsureEventTablesAsync(cancellation);
        var proof = await Proofs.ConsistencyAsync(ledger.ConnectionString, ledger.Schema, settings.From, settings.To, cancellation)
            ?? throw new BadInputException($"there are no checkpoints of sizes {settings.From} and {settings.To} (with {settings.From} <= {settings.To})");
        await output.Json.WriteLineAsync(JsonSerializer.Serialize(proof, ProofJson.Options));
        return ExitCodes.Ok;
    }
}
