using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Projections;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

/// <summary>Rebuilds every read model (the ledger's indexes, <see cref="LedgerIndexes"/>) from the events.</summary>
public sealed class RebuildProjectionsCommand(LedgerConnection ledger, Output output) : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellation)
    {
        await ledger.EnsureEventTablesAsync(cancellation);
        await using var connection = new NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync(cancellation);
        var (organizations, commitments) = await output.BusyAsync("Rebuilding read models", async () =>
        {
            await LedgerIndexes.RebuildAsync(connection, ledger.Schema, cancellation);
            return await CountAsync(connection, ledger.Schema, cancellation);
        });
        output.Console.MarkupLine($"Rebuilt: [green]{organizations}[/] organizations, [green]{commitments}[/] commitments.");
        return ExitCodes.Ok;
    }

    static async Task<(long Organizations, long Commitments)> CountAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var count = new NpgsqlCommand($"""
            select count(distinct data ->> 'Org') filter (where type = 'organization.registered'),
                   count(*) filter (where type = 'commitment.made')
            from {schema}.mt_events
            """, connection);
        await using var reader = await count.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
