using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Witnessing;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

/// <summary>Prints the ledger's note vkey, the key a witness is started with (<c>witness --log VKEY</c>); creates the key on first use.</summary>
public sealed class NoteKeyCommand(LedgerConnection ledger, Output output) : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellation)
    {
        await output.Json.WriteLineAsync(NoteKeyFile.LoadOrCreate(ledger.Keys, LedgerOrigin.Of(ledger.Schema)).Key.Vkey);
        return ExitCodes.Ok;
    }
}
