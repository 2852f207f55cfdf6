using EthicsLedger.Integrity;
using Npgsql;

namespace EthicsLedger.Hosting.Audit;

/// <summary>An event's inclusion in a checkpoint: its leaf, the checkpoint, and the audit path between them.</summary>
public sealed record InclusionProof(string Stream, long Version, long LeafIndex, string Digest, Checkpoint Checkpoint, IReadOnlyList<string> Proof);

/// <summary>That checkpoint <see cref="New"/> extends checkpoint <see cref="Old"/>.</summary>
public sealed record ConsistencyProof(Checkpoint Old, Checkpoint New, IReadOnlyList<string> Proof);

/// <summary>Proofs from the leaves and checkpoints in the database, for anyone to check against the signed roots.</summary>
public static class Proofs
{
    /// <summary>Null when the event is under no checkpoint of that size (or under none at all).</summary>
    public static async Task<InclusionProof?> InclusionAsync(string connectionString, string schema, string stream, long version, long? treeSize, CancellationToken cancellation)
    {
        var (leaves, checkpoints) = await ReadAsync(connectionString, schema, cancellation);
        var checkpoint = treeSize is { } size ? checkpoints.FirstOrDefault(c => c.TreeSize == size) : checkpoints.LastOrDefault();
        var leaf = leaves.FirstOrDefault(l => l.Stream == stream && l.Version == version);
        if (checkpoint is null || leaf is null || leaf.LeafIndex >= checkpoint.TreeSize) return null;
        var digests = LeafRow.Digests(leaves);
        return new InclusionProof(stream, version, leaf.LeafIndex, leaf.Digest, checkpoint,
            MerkleTree.InclusionProof(digests, leaf.LeafIndex, checkpoint.TreeSize).Select(Convert.ToHexStringLower).ToList());
    }

    /// <summary>The stream's last version in the ledger, 0 when it has no events: what an inclusion proof can be asked for.</summary>
    public static async Task<long> LastVersionAsync(string connectionString, string schema, string stream, CancellationToken cancellation)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new Npgsql.NpgsqlCommand($"select coalesce(max(version), 0) from {schema}.mt_events where stream_id = @stream", connection);
        command.Parameters.AddWithValue("stream", stream);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>Null unless both sizes are checkpoints and the first is not larger.</summary>
    public static async Task<ConsistencyProof?> ConsistencyAsync(string connectionString, string schema, long from, long to, CancellationToken cancellation)
    {
        var (leaves, checkpoints) = await ReadAsync(connectionString, schema, cancellation);
        var (old, @new) = (checkpoints.FirstOrDefault(c => c.TreeSize == from), checkpoints.FirstOrDefault(c => c.TreeSize == to));
        if (old is null || @new is null || from > to || to > leaves.Count) return null;
        var digests = LeafRow.Digests(leaves);
        return new ConsistencyProof(old, @new, MerkleTree.ConsistencyProof(digests, from, to).Select(Convert.ToHexStringLower).ToList());
    }

    static async Task<(IReadOnlyList<LeafRow>, IReadOnlyList<Checkpoint>)> ReadAsync(string connectionString, string schema, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await IntegrityTables.EnsureAsync(connection, schema, cancellation);
        return (await IntegrityTables.ReadLeavesAsync(connection, schema, cancellation),
            await IntegrityTables.ReadCheckpointsAsync(connection, schema, cancellation));
    }
}
