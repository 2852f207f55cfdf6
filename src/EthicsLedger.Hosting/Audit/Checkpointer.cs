using EthicsLedger.Integrity;
using Npgsql;

namespace EthicsLedger.Hosting.Audit;

public sealed record CheckpointResult(Checkpoint? Checkpoint, long NewLeaves, long TreeSize);

/// <summary>
/// Extends the Merkle tree with the events committed since the last run and signs a checkpoint.
/// Runs apart from the writers (a command, or on a timer), never inside an import.
/// </summary>
public static class Checkpointer
{
    public static async Task<CheckpointResult> RunAsync(string connectionString, string schema, LedgerKey key, TimeProvider clock, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await IntegrityTables.EnsureAsync(connection, schema, cancellation);

        var highWater = await HighWaterMarkAsync(connection, schema, cancellation);
        var leaves = (await IntegrityTables.ReadLeavesAsync(connection, schema, cancellation)).ToList();
        var lastSequence = leaves.Count == 0 ? 0 : leaves[^1].Sequence;

        var added = new List<LeafRow>();
        await using (var read = new NpgsqlCommand($"""
            select seq_id, stream_id, version, data ->> 'Digest' from {schema}.mt_events
            where seq_id > @after and seq_id <= @upTo and stream_id <> 'mt_tombstone' order by seq_id
            """, connection))
        {
            read.Parameters.AddWithValue("after", lastSequence);
            read.Parameters.AddWithValue("upTo", highWater);
            await using var reader = await read.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                added.Add(new LeafRow(leaves.Count + added.Count, reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2),
                    reader.IsDBNull(3) ? new string('0', 64) : reader.GetString(3)));
        }

        var checkpoints = await IntegrityTables.ReadCheckpointsAsync(connection, schema, cancellation);
        var treeSize = leaves.Count + added.Count;
        if (added.Count == 0 && checkpoints.Count > 0 && checkpoints[^1].TreeSize == treeSize)
            return new CheckpointResult(null, 0, treeSize);

        leaves.AddRange(added);
        var root = MerkleTree.Root(LeafRow.Digests(leaves));
        var checkpoint = Checkpoint.Sign(key, treeSize, root, clock.GetUtcNow());

        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var insert = new NpgsqlBatch(connection, transaction))
        {
            foreach (var leaf in added)
                insert.BatchCommands.Add(Command(
                    $"insert into {IntegrityTables.Leaves(schema)} (leaf_index, seq_id, stream_id, version, digest) values ($1, $2, $3, $4, $5)",
                    leaf.LeafIndex, leaf.Sequence, leaf.Stream, leaf.Version, leaf.Digest));
            insert.BatchCommands.Add(Command(
                $"insert into {IntegrityTables.Checkpoints(schema)} (tree_size, root_hash, signed_at, key_id, signature) values ($1, $2, $3, $4, $5)",
                checkpoint.TreeSize, checkpoint.RootHash, checkpoint.SignedAt.UtcDateTime, checkpoint.KeyId, checkpoint.Signature));
            await insert.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        return new CheckpointResult(checkpoint, added.Count, treeSize);
    }

    /// <summary>
    /// The highest sequence number below which every event is committed for good. A share lock on
    /// the events table waits for every transaction still appending (each takes its sequence
    /// numbers inside its insert) and lets none start until it is released a moment later, so no
    /// event can later commit below the mark and break a signed tree.
    /// </summary>
    static async Task<long> HighWaterMarkAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"lock table {schema}.mt_events in share mode; select coalesce(max(seq_id), 0) from {schema}.mt_events", connection, transaction);
        var mark = (long)(await command.ExecuteScalarAsync(cancellation))!;
        await transaction.CommitAsync(cancellation);
        return mark;
    }

    static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
