using System.Globalization;
using System.Text;
using EthicsLedger.Integrity;
using EthicsLedger.Integrity.Notes;

namespace EthicsLedger.Hosting.Witnessing;

/// <summary>An HTTP answer of the witness: status, body and its content type.</summary>
public sealed record WitnessResponse(int Status, string Body, string ContentType = "text/plain; charset=utf-8")
{
    public const string SizeContentType = "text/x.tlog.size";
}

/// <summary>
/// The add-checkpoint call of c2sp.org/tlog-witness, without HTTP: checks the log's signature and
/// that the checkpoint extends the one cosigned before, stores it, then cosigns. Check and store
/// happen under one lock, so two racing requests cannot roll the stored tree back.
/// </summary>
public sealed class WitnessService(NoteSigner cosigner, IReadOnlyList<NoteKey> logs, WitnessState state, TimeProvider clock)
{
    const int MaxProofLines = 63;
    readonly Lock _gate = new();

    public NoteKey Key => cosigner.Key;

    public WitnessResponse AddCheckpoint(byte[] body)
    {
        if (Request.Parse(body) is not { } request) return new(400, "malformed add-checkpoint request\n");
        if (request.Checkpoint.Origin is var origin && logs.Where(l => l.Name == origin).ToList() is not { Count: > 0 } keys)
            return new(404, "unknown origin\n");
        if (!keys.Any(request.Note.IsSignedBy)) return new(403, "no valid signature from a key this witness trusts for the origin\n");
        if (request.OldSize > request.Checkpoint.Size) return new(400, "the old size is larger than the checkpoint's\n");

        lock (_gate)
        {
            var stored = state.Latest(origin);
            var storedSize = stored?.Size ?? 0;
            if (request.OldSize != storedSize) return SizeConflict(storedSize);
            if (!Extends(stored, request))
                return request.OldSize == request.Checkpoint.Size ? SizeConflict(storedSize) : new(422, "the consistency proof does not verify\n");
            state.Store(request.Checkpoint);
        }
        return new(200, Cosignature.Sign(cosigner, request.Note.Text, clock.GetUtcNow()).Line);
    }

    static bool Extends(CheckpointNote? stored, Request request)
    {
        var next = request.Checkpoint;
        // Nothing cosigned yet: every tree extends the empty one, and the proof must be empty.
        if (stored is null) return request.Proof.Count == 0;
        return MerkleTree.VerifyConsistency(stored.Size, next.Size, stored.Root, next.Root, request.Proof);
    }

    static WitnessResponse SizeConflict(long size) =>
        new(409, size.ToString(CultureInfo.InvariantCulture) + "\n", WitnessResponse.SizeContentType);

    /// <summary>
    /// The request body: <c>"old " N "\n"</c>, up to 63 base64 proof lines, an empty line, then the
    /// signed checkpoint note. Null for anything else.
    /// </summary>
    sealed record Request(long OldSize, IReadOnlyList<byte[]> Proof, SignedNote Note, CheckpointNote Checkpoint)
    {
        public static Request? Parse(byte[] body)
        {
            try
            {
                var text = new UTF8Encoding(false, true).GetString(body);
                var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
                if (blank < 0) return null;
                var head = text[..blank].Split('\n');
                if (!head[0].StartsWith("old ", StringComparison.Ordinal) || CheckpointNote.ParseSize(head[0][4..]) is not { } old) return null;
                if (head.Length - 1 > MaxProofLines) return null;
                var proof = new List<byte[]>();
                foreach (var line in head[1..])
                    if (NoteBase64.Decode(line) is { Length: MerkleTree.HashSize } hash) proof.Add(hash);
                    else return null;
                var note = SignedNote.Parse(text[(blank + 2)..]);
                return new Request(old, proof, note, CheckpointNote.Parse(note.Text));
            }
            catch (Exception e) when (e is FormatException or DecoderFallbackException)
            {
                return null;
            }
        }
    }
}
