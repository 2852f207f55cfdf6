using EthicsLedger.Hosting;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EthicsLedger.Server.Access;

/// <summary>Creates the keys table at start, unless the host makes no schema changes (then <c>migrate</c> made it).</summary>
public sealed class ApiKeyTableSetup(ServerSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellation)
    {
        if (LedgerHost.SchemaChanges() == JasperFx.AutoCreate.None) return;
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellation);
        await ApiKeys.EnsureAsync(connection, settings.Schema, cancellation);
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
