using System.Runtime.InteropServices;
using EthicsLedger.Cli;
using EthicsLedger.Cli.Infrastructure;

// Ctrl+C and SIGTERM stop long-running commands (watch, forward, checkpoint --every) cleanly.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

await using var ledger = new LedgerConnection();
return await Cli.RunAsync(args, Output.Standard(), ledger, stop.Token);
