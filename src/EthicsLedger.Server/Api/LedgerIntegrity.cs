using EthicsLedger.Hosting.Audit;
using EthicsLedger.Integrity;
using EthicsLedger.Hosting;
using Marten;
using Npgsql;

namespace EthicsLedger.Server.Api;

/// <summary>The integrity layer as the server reaches it: the same verifier, tables and exporter as the command line.</summary>
public static class LedgerIntegrity
{
    /// <summary>Checked against the keys beside the signing key and the checkpoint its holder signed last, as <c>verify</c> does by default.</summary>
    public static async Task<VerificationReport> VerifyAsync(ServerSettings settings, IDocumentStore store, CancellationToken cancellation)
    {
        await LedgerHost.EnsureEventTablesAsync(store, cancellation);
        return await LedgerVerifier.VerifyAsync(settings.ConnectionString, settings.Schema, KeyFolder.TrustedPublicKeys(settings.Keys),
            CheckpointHead.Read(settings.Keys, settings.Schema), cancellation);
    }

    public static async Task<Checkpoint?> LatestCheckpointAsync(ServerSettings settings, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellation);
        await IntegrityTables.EnsureAsync(connection, settings.Schema, cancellation);
        var checkpoints = await IntegrityTables.ReadCheckpointsAsync(connection, settings.Schema, cancellation);
        return checkpoints.Count == 0 ? null : checkpoints[^1];
    }

    public static async Task<byte[]> BundleAsync(ServerSettings settings, IDocumentStore store, string? org, CancellationToken cancellation)
    {
        await LedgerHost.EnsureEventTablesAsync(store, cancellation);
        using var key = KeyFolder.SigningKey(settings.Keys);
        return await BundleExporter.ExportAsync(settings.ConnectionString, settings.Schema, org, key,
            KeyFolder.TrustedPublicKeys(settings.Keys), settings.Clock, cancellation);
    }
}
