using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting.Messaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class WatchSettings : ConsumerSettings
{
    [CommandOption("--json")]
    [Description("One JSON object per line: the message's wire body plus its \"type\".")]
    public bool Json { get; init; }

    protected override string DefaultConsumer => "watch";
}

/// <summary>Prints pledges, endings, lapses and flags as they are committed, until stopped (Ctrl+C).</summary>
public sealed class WatchCommand(LedgerConnection ledger, Output output) : AsyncCommand<WatchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, WatchSettings settings, CancellationToken cancellation)
    {
        var printer = new Printer(output, settings.Org, settings.Json);
        return await ConsumerRun.UntilStoppedAsync(ledger, output, settings.Messaging(), printer, "watching", cancellation);
    }

    sealed class Printer(Output output, string? org, bool json) : ILedgerConsumer
    {
        readonly HandledMessages handled = new();

        public async Task HandleAsync(LedgerMessage message, CancellationToken cancellation)
        {
            // Redeliveries after a retry are printed once.
            if ((org is not null && message.Org != org) || !handled.FirstTime(message)) return;
            if (json)
            {
                await output.Json.WriteLineAsync(WatchLine.Json(message));
                await output.Json.FlushAsync(cancellation);
            }
            else output.Console.MarkupLineInterpolated($"{WatchLine.Text(message)}");
        }
    }
}
