using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Audit;
using EthicsLedger.Hosting.Database;
using EthicsLedger.Hosting.Messaging;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;

namespace EthicsLedger.Cli.Infrastructure;

/// <summary>
/// Where the command line's ledger lives: the database (found or started by <see cref="PostgresLocator"/>
/// unless given) and the schema. The host starts on first use, so <c>--help</c> needs no database.
/// </summary>
public sealed class LedgerConnection(string? connectionString = null, string? schema = null, TimeProvider? clock = null,
    Action<IServiceCollection>? configure = null) : IAsyncDisposable
{
    public const string SchemaVariable = "ETHICSLEDGER_SCHEMA";
    IHost? _host;

    public string Schema { get; } = schema ?? Environment.GetEnvironmentVariable(SchemaVariable) ?? LedgerHost.DefaultSchema;
    public string ConnectionString => connectionString ??= PostgresLocator.ConnectionString();

    /// <summary>The connection string if it was given or already located; never starts a server.</summary>
    public string? KnownConnectionString => connectionString;
    public TimeProvider Clock { get; } = clock ?? TimeProvider.System;

    /// <summary>The folder of the signing key and trusted public keys (see <see cref="KeyFolder"/>).</summary>
    public string Keys { get; init; } = KeyFolder.Path();

    public async Task<IHost> HostAsync(CancellationToken cancellation = default)
    {
        if (_host is not null) return _host;
        var host = LedgerHost.Build(ConnectionString, Schema, Clock, configure);
        await host.StartAsync(cancellation);
        return _host = host;
    }

    /// <summary>A host that also runs one consumer's relay and queue (docs/messaging.md); the caller starts and stops it.</summary>
    public IHost ConsumerHost(MessagingSettings messaging, Action<IServiceCollection> services) =>
        LedgerHost.Build(ConnectionString, Schema, Clock, s => { configure?.Invoke(s); services(s); }, messaging);

    public async Task<IMessageBus> BusAsync(CancellationToken cancellation = default) =>
        (await HostAsync(cancellation)).Services.GetRequiredService<IMessageBus>();

    public async Task<IDocumentStore> StoreAsync(CancellationToken cancellation = default) =>
        (await HostAsync(cancellation)).Services.GetRequiredService<IDocumentStore>();

    /// <summary>See <see cref="LedgerHost.EnsureEventTablesAsync"/>.</summary>
    public async Task EnsureEventTablesAsync(CancellationToken cancellation = default) =>
        await LedgerHost.EnsureEventTablesAsync(await StoreAsync(cancellation), cancellation);

    public async Task<IQuerySession> QueryAsync(CancellationToken cancellation = default) =>
        (await StoreAsync(cancellation)).QuerySession();

    public async ValueTask DisposeAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }
}
