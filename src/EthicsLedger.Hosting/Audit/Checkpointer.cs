using System.Globalization;
using EthicsLedger.Integrity;
using EthicsLedger.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EthicsLedger.Hosting.Audit;

/// <param name="Checkpoint">The one signed now; null when the latest already covered every event.</param>
/// <param name="Checkpoints">Every checkpoint, the new one included, each checked against the leaves.</param>
/// <param name="Leaves">Every leaf's digest, in tree order: what witnessing proves consistency from.</param>
public sealed record CheckpointResult(Checkpoint? Checkpoint, long NewLeaves, long TreeSize,
    IReadOnlyList<Checkpoint> Checkpoints, IReadOnlyList<byte[]> Leaves);

/// <summary>The checkpointer will not sign: what it would sign does not extend what it signed before.</summary>
public sealed class CheckpointRefusedException(string message) : Exception(message);

/// <summary>
/// Extends the Merkle tree with the events committed since the last run and signs a checkpoint.
/// Runs apart from the writers (a command, or on a timer), never inside an import. It signs only a
/// consistent extension of the last checkpoint it signed (kept outside the database, see
/// <see cref="CheckpointHead"/>) and only new events that chain onto the digests the tree holds.
/// </summary>
public static class Checkpointer
{
    /// <param name="lastSigned">What this key holder signed last (null the first time); the tree must extend it and the database's latest checkpoint.</param>
    public static async Task<CheckpointResult> RunAsync(string connectionString, string schema, LedgerKey key, Checkpoint? lastSigned,
        IReadOnlyDictionary<string, byte[]> trustedKeys, TimeProvider clock, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await IntegrityTables.EnsureAsync(connection, schema, cancellation);

        var highWater = await HighWaterMarkAsync(connection, schema, cancellation);
        var leaves = (await IntegrityTables.ReadLeavesAsync(connection, schema, cancellation)).ToList();
        var checkpoints = (await IntegrityTables.ReadCheckpointsAsync(connection, schema, cancellation)).ToList();
        // What the tree must still be: the checkpoint this key holder signed last, and the database's
        // latest (whoever can write the database could have slipped a row in).
        foreach (var known in new[] { lastSigned, checkpoints.LastOrDefault() }.OfType<Checkpoint>().Distinct())
        {
            RefuseUnlessTrusted(known, trustedKeys);
            RefuseUnlessExtends(leaves, known);
        }

        var lastSequence = leaves.Count == 0 ? 0 : leaves[^1].Sequence;
        var added = new List<LeafRow>();
        var heads = leaves.GroupBy(l => l.Stream).ToDictionary(g => g.Key, g => g.MaxBy(l => l.Version)!);
        await using (var read = new NpgsqlCommand($"""
            select seq_id, stream_id, version, type, data ->> 'Recorded', data ->> 'Content', data ->> 'Digest', coalesce(data ->> 'Org', ''), data ->> 'RecordedBy' from {schema}.mt_events
            where seq_id > @after and seq_id <= @upTo and {LedgerRows.Only()} order by seq_id
            """, connection))
        {
            read.Parameters.AddWithValue("after", lastSequence);
            read.Parameters.AddWithValue("upTo", highWater);
            await using var reader = await read.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                var leaf = new LeafRow(leaves.Count + added.Count, reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2),
                    reader.IsDBNull(6) ? new string('0', 64) : reader.GetString(6), reader.GetString(7));
                RefuseUnlessChained(leaf, reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(8) ? null : reader.GetString(8), heads);
                heads[leaf.Stream] = leaf;
                added.Add(leaf);
            }
        }

        var treeSize = leaves.Count + added.Count;
        leaves.AddRange(added);
        if (added.Count == 0 && checkpoints.Count > 0 && checkpoints[^1].TreeSize == treeSize)
            return new CheckpointResult(null, 0, treeSize, checkpoints, LeafRow.Digests(leaves));

        var root = MerkleTree.Root(LeafRow.Digests(leaves));
        var checkpoint = Checkpoint.Sign(key, treeSize, root, LeafRow.Heads(leaves, treeSize), clock.GetUtcNow());

        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // The new leaves by binary COPY, in the checkpoint's own transaction: one INSERT each took most of a first
        // checkpoint's time over a large ledger (77 s for 1,000,000 events).
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"copy {IntegrityTables.Leaves(schema)} (leaf_index, seq_id, stream_id, version, digest, org) from stdin (format binary)", cancellation))
        {
            foreach (var leaf in added)
            {
                await copy.StartRowAsync(cancellation);
                await copy.WriteAsync(leaf.LeafIndex, NpgsqlDbType.Bigint, cancellation);
                await copy.WriteAsync(leaf.Sequence, NpgsqlDbType.Bigint, cancellation);
                await copy.WriteAsync(leaf.Stream, NpgsqlDbType.Varchar, cancellation);
                await copy.WriteAsync(leaf.Version, NpgsqlDbType.Bigint, cancellation);
                await copy.WriteAsync(leaf.Digest, NpgsqlDbType.Char, cancellation);
                await copy.WriteAsync(leaf.Org, NpgsqlDbType.Varchar, cancellation);
            }
            await copy.CompleteAsync(cancellation);
        }
        await using (var insert = new NpgsqlBatch(connection, transaction))
        {
            insert.BatchCommands.Add(Command(
                $"insert into {IntegrityTables.Checkpoints(schema)} (tree_size, root_hash, signed_at, key_id, signature, stream_count, streams_root) values ($1, $2, $3, $4, $5, $6, $7)",
                checkpoint.TreeSize, checkpoint.RootHash, checkpoint.SignedAt.UtcDateTime, checkpoint.KeyId, checkpoint.Signature,
                checkpoint.StreamCount!, checkpoint.StreamsRoot!));
            await insert.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        checkpoints.Add(checkpoint);
        return new CheckpointResult(checkpoint, added.Count, treeSize, checkpoints, LeafRow.Digests(leaves));
    }

    static void RefuseUnlessTrusted(Checkpoint checkpoint, IReadOnlyDictionary<string, byte[]> trustedKeys)
    {
        if (!trustedKeys.TryGetValue(checkpoint.KeyId, out var key) || !checkpoint.IsSignedBy(key))
            throw new CheckpointRefusedException(
                $"the checkpoint {TrustedCheckpoint.Describe(checkpoint)} is not signed by a trusted key; refusing to sign. Run verify.");
    }

    /// <summary>The tree about to be extended must still be the one that checkpoint signed: as many leaves at least, hashing to the same root.</summary>
    static void RefuseUnlessExtends(IReadOnlyList<LeafRow> leaves, Checkpoint baseline)
    {
        if (leaves.Count < baseline.TreeSize)
            throw new CheckpointRefusedException(
                $"the checkpoint {TrustedCheckpoint.Describe(baseline)} covers {baseline.TreeSize} events, but the database's tree has " +
                $"{leaves.Count} leaves: its history was cut or its integrity tables emptied; refusing to sign. Run verify.");
        if (Convert.ToHexStringLower(MerkleTree.Root(LeafRow.Digests(leaves.Take((int)baseline.TreeSize)))) != baseline.RootHash)
            throw new CheckpointRefusedException(
                $"the first {baseline.TreeSize} leaves no longer hash to the root of the checkpoint {TrustedCheckpoint.Describe(baseline)}: " +
                "the history under it was changed; refusing to sign. Run verify.");
    }

    /// <summary>A new event must chain onto the digest the tree holds for the version before it, and its digest must be its own.</summary>
    static void RefuseUnlessChained(LeafRow leaf, string type, string? recorded, string? content, string? recordedBy, Dictionary<string, LeafRow> heads)
    {
        var where = $"{leaf.Stream} version {leaf.Version} (seq {leaf.Sequence})";
        string? previous = heads.TryGetValue(leaf.Stream, out var head) ? (head.Version == leaf.Version - 1 ? head.Digest : null)
            : leaf.Version == 1 ? EventDigest.Genesis : null;
        if (previous is null)
            throw new CheckpointRefusedException($"{where} does not follow the version the tree holds for its stream; refusing to sign. Run verify.");
        var digest = recorded is null || content is null ? null : EventDigest.Compute(previous, type, leaf.Stream, leaf.Version,
            DateTimeOffset.Parse(recorded, CultureInfo.InvariantCulture), recordedBy, content);
        if (digest != leaf.Digest)
            throw new CheckpointRefusedException(
                $"{where} does not chain onto the digest the tree holds for the version before it: the history under the tree was changed; refusing to sign. Run verify.");
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
