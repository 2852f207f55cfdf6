using EthicsLedger.Projections;
using Marten;
using Microsoft.Extensions.Hosting;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// Makes what a messaging host reads, if missing, when it starts and before the relay's daemon does: Marten's event
/// tables and the ledger's indexes (under the schema-change lock, so a process importing into a new ledger at the same
/// moment does not collide with the daemon making them), then the message log's tables.
/// </summary>
public sealed class MessageTablesSetup(IDocumentStore store, string connectionString, string schema) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellation)
    {
        await LedgerIndexes.EnsureAsync(store, cancellation);
        await MessageLog.EnsureAsync(connectionString, schema, cancellation);
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
