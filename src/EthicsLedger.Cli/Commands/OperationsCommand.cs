using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting;
using JasperFx;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

/// <summary>
/// The Critter Stack's own operations commands (JasperFx's command line: <c>describe</c>, <c>db-apply</c>,
/// <c>db-assert</c>, <c>db-patch</c>, <c>db-dump</c>, <c>check-env</c>, <c>resources</c>, <c>codegen</c>, …) over the ledger's own
/// host, so a Marten or Wolverine user finds what they expect: <c>ethicsledger ops db-patch ledger.sql -d marten://store/</c>.
/// The command line hands everything after <c>ops</c> to JasperFx untouched (<see cref="Cli.RunAsync"/>), its options included.
/// </summary>
public sealed class OperationsCommand(LedgerConnection ledger) : AsyncCommand
{
    public override Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellation) => RunAsync(ledger, ["help"]);

    public static async Task<int> RunAsync(LedgerConnection ledger, string[] args)
    {
        using var host = LedgerHost.Build(ledger.ConnectionString, ledger.Schema, ledger.Clock);
        return await host.RunJasperFxCommands(args.Length == 0 ? ["help"] : args);
    }
}
