using EthicsLedger.Hosting.Audit;
using EthicsLedger.Integrity;
using EthicsLedger.Integrity.Notes;
using Npgsql;

namespace EthicsLedger.Hosting.Witnessing;

/// <summary>How one witness of the policy took the latest checkpoint.</summary>
public sealed record WitnessOutcome(PolicyWitness Witness, bool Cosigned, bool Conflict, string Detail);

/// <summary>The latest checkpoint as a signed note and what each witness said.</summary>
public sealed record WitnessingResult(SignedNote? Note, IReadOnlyList<WitnessOutcome> Outcomes);

/// <summary>
/// After <c>checkpoint</c> signs: publishes the latest checkpoint as a C2SP signed note under the
/// ledger's Ed25519 key, sends it to each witness of the policy that has not cosigned it yet (with
/// a consistency proof from the size that witness last cosigned), and keeps every cosignature.
/// </summary>
public static class CheckpointWitnessing
{
    /// <param name="tree">What the checkpointer just read and checked: the latest checkpoint is signed by a trusted key over these leaves.</param>
    public static async Task<WitnessingResult> RunAsync(string connectionString, string schema, string origin, NoteSigner logKey,
        CheckpointResult tree, WitnessPolicy? policy, HttpClient http, CancellationToken cancellation)
    {
        var (checkpoints, digests) = (tree.Checkpoints, tree.Leaves);
        if (checkpoints.Count == 0) return new WitnessingResult(null, []);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await NoteSignatureTable.EnsureAsync(connection, schema, cancellation);
        var latest = checkpoints[^1];
        var root = Convert.FromHexString(latest.RootHash);

        var note = await NoteSignatureTable.ReadAsync(connection, schema, origin, latest.TreeSize, root, cancellation);
        if (note is null || !note.IsSignedBy(logKey.Key))
        {
            var own = SignedNote.Sign(new CheckpointNote(origin, latest.TreeSize, root).Text, logKey);
            await NoteSignatureTable.AddAsync(connection, schema, latest.TreeSize, origin, own.Signatures[0], cancellation);
            note = note is null ? own : own.With(note.Signatures);
        }

        var outcomes = new List<WitnessOutcome>();
        foreach (var witness in policy?.Witnesses ?? [])
        {
            if (note.Signatures.Any(s => Cosignature.Verify(witness.Key, note.Text, s) is not null))
            {
                outcomes.Add(new WitnessOutcome(witness, true, false, "had already cosigned"));
                continue;
            }
            if (witness.Url is null)
            {
                outcomes.Add(new WitnessOutcome(witness, false, false, "the policy gives no URL"));
                continue;
            }
            var old = await LastCosignedSizeAsync(connection, schema, origin, checkpoints, witness.Key, latest.TreeSize, cancellation);
            var (outcome, cosignature) = await SubmitAsync(http, witness, old, digests, note, latest.TreeSize, cancellation);
            if (cosignature is not null)
            {
                await NoteSignatureTable.AddAsync(connection, schema, latest.TreeSize, origin, cosignature, cancellation);
                note = note.With([cosignature]);
            }
            outcomes.Add(outcome);
        }
        return new WitnessingResult(note, outcomes);
    }

    static async Task<(WitnessOutcome, NoteSignature?)> SubmitAsync(HttpClient http, PolicyWitness witness, long old, IReadOnlyList<byte[]> digests,
        SignedNote note, long size, CancellationToken cancellation)
    {
        var reply = await WitnessClient.AddCheckpointAsync(http, witness.Url!, old, MerkleTree.ConsistencyProof(digests, old, size), note, cancellation);
        // The witness remembers another size than the ledger does (its cosignature row was lost, or it
        // cosigned elsewhere): once more from that size, which it says in its answer.
        if (reply.StoredSize is { } stored && stored != old && stored <= size)
            reply = await WitnessClient.AddCheckpointAsync(http, witness.Url!, stored, MerkleTree.ConsistencyProof(digests, stored, size), note, cancellation);

        if (reply.Status == 200)
        {
            var cosignature = reply.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => { try { return NoteSignature.ParseLine(line); } catch (FormatException) { return null; } })
                .FirstOrDefault(s => s is not null && Cosignature.Verify(witness.Key, note.Text, s) is not null);
            return cosignature is null
                ? (new WitnessOutcome(witness, false, false, "answered 200 without a valid cosignature by its key"), null)
                : (new WitnessOutcome(witness, true, false, "cosigned"), cosignature);
        }
        return reply.Status switch
        {
            0 => (new WitnessOutcome(witness, false, false, $"unreachable: {reply.Body}"), null),
            409 => (new WitnessOutcome(witness, false, true,
                $"refused (409): it cosigned a tree of size {reply.StoredSize?.ToString() ?? "?"} that this one does not extend"), null),
            422 => (new WitnessOutcome(witness, false, true, "refused (422): this tree is not an extension of the one it cosigned"), null),
            404 => (new WitnessOutcome(witness, false, false, "does not know this ledger's origin (404)"), null),
            403 => (new WitnessOutcome(witness, false, false, "does not trust this ledger's note key (403)"), null),
            _ => (new WitnessOutcome(witness, false, false, $"answered {reply.Status}: {reply.Body.Trim()}"), null),
        };
    }

    /// <summary>The largest tree size up to <paramref name="upTo"/> that this witness cosigned, by the rows kept; 0 if none.</summary>
    static async Task<long> LastCosignedSizeAsync(NpgsqlConnection connection, string schema, string origin,
        IReadOnlyList<Checkpoint> checkpoints, NoteKey witness, long upTo, CancellationToken cancellation)
    {
        for (var i = checkpoints.Count - 1; i >= 0; i--)
        {
            var c = checkpoints[i];
            if (c.TreeSize > upTo) continue;
            var note = await NoteSignatureTable.ReadAsync(connection, schema, origin, c.TreeSize, Convert.FromHexString(c.RootHash), cancellation);
            if (note is not null && note.Signatures.Any(s => Cosignature.Verify(witness, note.Text, s) is not null)) return c.TreeSize;
        }
        return 0;
    }
}
