using EthicsLedger.Cli;
using EthicsLedger.Cli.Infrastructure;

await using var ledger = new LedgerConnection();
return await Cli.RunAsync(args, Output.Standard(), ledger);
