using System.Text.Json;
using EthicsLedger.Integrity;
using EthicsLedger.Storage;
using Npgsql;

namespace EthicsLedger.Hosting.Audit;

/// <summary>
/// Writes a bundle (see <see cref="Bundle"/>): every stream of the ledger, or of one organization,
/// whole from its first event, so an auditor can check each chain from its start.
/// </summary>
public static class BundleExporter
{
    public static async Task<byte[]> ExportAsync(string connectionString, string schema, string? org, LedgerKey key,
        IReadOnlyDictionary<string, byte[]> publicKeys, TimeProvider clock, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await IntegrityTables.EnsureAsync(connection, schema, cancellation);
        var leaves = await IntegrityTables.ReadLeavesAsync(connection, schema, cancellation);
        var checkpoints = await IntegrityTables.ReadCheckpointsAsync(connection, schema, cancellation);
        var digests = LeafRow.Digests(leaves);
        var leafOf = leaves.ToDictionary(l => l.Sequence, l => l.LeafIndex);
        var latest = checkpoints.Count == 0 ? null : checkpoints[^1];

        var events = new List<BundleEvent>();
        await using (var command = new NpgsqlCommand($"""
            select seq_id, stream_id, version, type, data ->> 'Recorded', data ->> 'Content', data ->> 'ContentHash', data ->> 'Digest', data ->> 'RecordedBy'
            from {schema}.mt_events
            where {LedgerRows.Only()} and (@org::varchar is null or stream_id in (
                select distinct stream_id from {schema}.mt_events where data ->> 'Org' = @org))
            order by seq_id
            """, connection))
        {
            command.Parameters.AddWithValue("org", (object?)org ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                var sequence = reader.GetInt64(0);
                long? leaf = leafOf.TryGetValue(sequence, out var index) && latest is not null && index < latest.TreeSize ? index : null;
                events.Add(new BundleEvent(sequence, reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    DateTimeOffset.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture),
                    reader.GetString(5), reader.GetString(6), reader.GetString(7), leaf, leaf is null ? null : [], reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }
        // All the proofs at once: one per event would rebuild the tree for each, O(n²) for a whole ledger.
        var placed = events.Where(e => e.LeafIndex is not null).ToList();
        var proofs = placed.Count == 0 ? [] : MerkleTree.InclusionProofs(digests, placed.Select(e => e.LeafIndex!.Value).ToList(), latest!.TreeSize);
        var proofOf = placed.Zip(proofs).ToDictionary(p => p.First.Sequence, p => (IReadOnlyList<string>)p.Second.Select(Convert.ToHexStringLower).ToList());
        events = events.Select(e => e.LeafIndex is null ? e : e with { Inclusion = proofOf[e.Sequence] }).ToList();

        var consistency = checkpoints.Zip(checkpoints.Skip(1), (from, to) => new BundleConsistency(from.TreeSize, to.TreeSize,
            MerkleTree.ConsistencyProof(digests, from.TreeSize, to.TreeSize).Select(Convert.ToHexStringLower).ToList())).ToList();
        var bundle = new Bundle(Bundle.CurrentFormat, EventDigest.Truncate(clock.GetUtcNow()), org,
            publicKeys.Select(k => new BundleKey(k.Key, BundleKey.EcdsaP256, Convert.ToBase64String(k.Value))).ToList(),
            checkpoints, consistency, events,
            org is not null && latest?.StreamsRoot is not null ? Streams(LeafRow.Heads(leaves, latest.TreeSize), org) : null,
            await Witnessing.NoteSignatureTable.LatestNoteAsync(connection, schema, latest, cancellation));

        var body = JsonSerializer.SerializeToUtf8Bytes(bundle, BundleVerifier.Json);
        var signature = JsonSerializer.SerializeToUtf8Bytes(new BundleSignature(key.Id, Convert.ToHexStringLower(key.Sign(body))), BundleVerifier.Json);
        return [.. body, (byte)'\n', .. signature, (byte)'\n'];
    }

    /// <summary>The organization's run of leaves in the stream map, and the leaf on either side of it.</summary>
    static BundleStreams Streams(List<StreamHead> map, string org)
    {
        var first = map.FindIndex(h => string.CompareOrdinal(h.Org, org) >= 0);
        if (first < 0) first = map.Count;
        var end = first;
        while (end < map.Count && map[end].Org == org) end++;
        var indexes = Enumerable.Range(first - 1, end - first + 2).Where(i => i >= 0 && i < map.Count).ToList();
        var proofs = indexes.Zip(StreamMap.InclusionProofs(map, indexes)).ToDictionary(p => p.First, p => p.Second);
        BundleStreamHead At(int index) => new(index, map[index].Org, map[index].Stream, map[index].Version, map[index].Digest, proofs[index]);
        return new BundleStreams(
            Enumerable.Range(first, end - first).Select(At).ToList(),
            first > 0 ? At(first - 1) : null,
            end < map.Count ? At(end) : null);
    }
}
