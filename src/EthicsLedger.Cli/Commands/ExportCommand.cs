using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Audit;
using EthicsLedger.Hosting.Reading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class ExportSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Where to write the bundle.")]
    public string File { get; init; } = "";

    [CommandOption("--org <ORG>")]
    [Description("Only this organization's streams (each whole, from its first event).")]
    public string? Org { get; init; }

    [CommandOption("--json")]
    [Description("Print {\"file\", \"bytes\", \"keyId\", \"org\"} instead of a sentence.")]
    public bool Json { get; init; }
}

/// <summary>Writes a self-contained bundle an auditor can check offline with verify-bundle (docs/verification.md).</summary>
public sealed class ExportCommand(LedgerConnection ledger, Output output) : AsyncCommand<ExportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ExportSettings settings, CancellationToken cancellation)
    {
        if (settings.Org is { } org) await StanceCommand.LoadAsync(ledger, org, ledger.Clock.GetUtcNow(), cancellation);
        await ledger.EnsureEventTablesAsync(cancellation);
        using var key = KeyFolder.SigningKey(ledger.Keys);
        var bundle = await BundleExporter.ExportAsync(ledger.ConnectionString, ledger.Schema, settings.Org, key,
            KeyFolder.TrustedPublicKeys(ledger.Keys), ledger.Clock, cancellation);
        await File.WriteAllBytesAsync(settings.File, bundle, cancellation);
        if (settings.Json)
            await output.Json.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new { file = settings.File, bytes = bundle.Length, keyId = key.Id, org = settings.Org }));
        else output.Console.MarkupLine($"Wrote {SafeMarkup.Line(settings.File)} ({bundle.Length} bytes), signed by key {key.Id}.");
        return ExitCodes.Ok;
    }
}
