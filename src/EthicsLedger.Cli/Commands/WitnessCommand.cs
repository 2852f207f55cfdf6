using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Witnessing;
using EthicsLedger.Integrity.Notes;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class WitnessSettings : CommandSettings
{
    [CommandOption("--name <NAME>")]
    [Description("The witness's key name, e.g. witness.example/w1 (a schema-less URL; no spaces or '+').")]
    public string Name { get; init; } = "";

    [CommandOption("--state <DIR>")]
    [Description("Where the witness keeps its key (witness-key.skey, created on first start) and the latest checkpoint it cosigned per log.")]
    public string State { get; init; } = "";

    [CommandOption("--port <PORT>")]
    [Description("The port on 127.0.0.1 (0: a free one; the first line printed says which).")]
    public int Port { get; init; }

    [CommandOption("--log <VKEY>")]
    [Description("A log to witness: its note vkey (print a ledger's with `note-key`); the key's name is the log's origin. Repeat for several.")]
    public string[] Logs { get; init; } = [];
}

/// <summary>
/// Runs a C2SP tlog-witness until stopped. Its first line on standard output is the line a witness
/// policy needs: <c>witness NAME VKEY URL</c>.
/// </summary>
public sealed class WitnessCommand(Output output) : AsyncCommand<WitnessSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, WitnessSettings settings, CancellationToken cancellation)
    {
        if (!NoteKey.IsValidName(settings.Name)) throw new BadInputException("--name must be a key name: non-empty, no spaces or '+'");
        if (settings.State.Length == 0) throw new BadInputException("--state DIR is required");
        if (settings.Port is < 0 or > 65535) throw new BadInputException($"--port {settings.Port} is not a port");
        var logs = new List<NoteKey>();
        foreach (var vkey in settings.Logs)
        {
            try { logs.Add(NoteKey.Parse(vkey)); }
            catch (FormatException e) { throw new BadInputException($"--log '{vkey}': {e.Message}"); }
        }
        if (logs.Count == 0) throw new BadInputException("name at least one log to witness with --log VKEY");
        if (logs.Any(l => l.Type != NoteSignatureType.Ed25519)) throw new BadInputException("a log's vkey has signature type 0x01 (Ed25519)");

        NoteSigner cosigner;
        try { cosigner = NoteKeyFile.LoadOrCreateCosigner(settings.State, settings.Name); }
        catch (InvalidOperationException e) { throw new BadInputException(e.Message); }
        await using var server = await WitnessServer.StartAsync(cosigner, logs, settings.State, settings.Port, TimeProvider.System, cancellation);
        var url = server.Url.AbsoluteUri.TrimEnd('/');
        // Plain writer, not the console renderer: a vkey is longer than a terminal line and must not wrap.
        await output.Json.WriteLineAsync($"witness {settings.Name} {server.Key.Vkey} {url}");
        await output.Json.FlushAsync(cancellation);
        await output.Errors.WriteLineAsync($"Witnessing {string.Join(", ", logs.Select(l => l.Name))} on {url}/add-checkpoint (Ctrl+C to stop).");
        try { await Task.Delay(Timeout.Infinite, cancellation); }
        catch (OperationCanceledException) { }
        return ExitCodes.Ok;
    }
}
