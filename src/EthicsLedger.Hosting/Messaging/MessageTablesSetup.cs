using Microsoft.Extensions.Hosting;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>Creates the message log's tables, if missing, when a messaging host starts.</summary>
public sealed class MessageTablesSetup(string connectionString, string schema) : IHostedService
{
    public Task StartAsync(CancellationToken cancellation) => MessageLog.EnsureAsync(connectionString, schema, cancellation);

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
