using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Messaging;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class RelaySettings : TransportSettings;

/// <summary>
/// The relay on its own (docs/messaging.md): tells committed entries and the dates that come to the
/// message log and, with --transport rabbitmq, feeds the exchange. Run as many as you like against
/// one database: one is active per ledger, the others stand by and take over when it dies.
/// </summary>
public sealed class RelayCommand(LedgerConnection ledger, Output output) : AsyncCommand<RelaySettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, RelaySettings settings, CancellationToken cancellation) =>
        ConsumerRun.UntilStoppedAsync(ledger, output, settings.Relay(), null, "relaying", cancellation);
}
