using System.Text.Json;
using EthicsLedger.Parsing;

namespace EthicsLedger.Integrity;

/// <summary>
/// Checks a bundle file with nothing but the file (and, better, a public key the auditor pinned):
/// the file's signature, every checkpoint's signature, the consistency of the checkpoints, every
/// stream's digest chain from its start, and every event's inclusion in the latest checkpoint.
/// </summary>
public static class BundleVerifier
{
    /// <summary>Strict on reading: a field missing, null where it may not be, or unknown makes the file no bundle.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        Converters = { new LedgerTime() },
    };

    /// <summary>Every problem found, in words; an empty list means the bundle checks out. Never throws on a hostile file.</summary>
    /// <param name="trusted">A checkpoint the auditor verified before: the bundle must extend it.</param>
    public static IReadOnlyList<string> Verify(byte[] file, byte[]? pinnedPublicKey = null, Checkpoint? trusted = null) =>
        Verify(file, pinnedPublicKey is null ? [] : [pinnedPublicKey], trusted);

    /// <param name="pinnedPublicKeys">The keys the auditor obtained itself (after a rotation, the retired ones too); none: the bundle's own keys are trusted.</param>
    public static IReadOnlyList<string> Verify(byte[] file, IReadOnlyList<byte[]> pinnedPublicKeys, Checkpoint? trusted = null)
    {
        try { return Check(file, pinnedPublicKeys, trusted); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [$"the file is not a bundle this verifier can read: {e.Message}"];
        }
    }

    static IReadOnlyList<string> Check(byte[] file, IReadOnlyList<byte[]> pinnedPublicKeys, Checkpoint? trusted)
    {
        var problems = new List<string>();
        var newline = Array.IndexOf(file, (byte)'\n');
        if (newline < 0 || file.Length == 0 || file[^1] != (byte)'\n' || Array.IndexOf(file, (byte)'\n', newline + 1) != file.Length - 1)
            return ["the file is not a bundle: it must be exactly two lines, each ending with a line break"];
        var body = file[..newline];
        var signatureLine = file[(newline + 1)..^1];

        Bundle bundle;
        BundleSignature signature;
        try
        {
            bundle = JsonSerializer.Deserialize<Bundle>(body, Json) ?? throw new JsonException("empty");
            signature = JsonSerializer.Deserialize<BundleSignature>(signatureLine, Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e) { return [$"the file is not a bundle: {e.Message}"]; }
        if (!signatureLine.AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(signature, Json)))
            return ["the signature line was altered"];
        if (bundle.Format != Bundle.CurrentFormat) return [$"unknown bundle format '{bundle.Format}'"];
        // One canonical encoding of everything signed: written again, the body must be the same bytes.
        if (!body.AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(bundle, Json)))
            return ["the bundle is not written in its one canonical form (field order, no white space, no duplicate keys, escapes and times as docs/verification.md says)"];
        problems.AddRange(BundleShape.Problems(bundle, signature));

        var keys = new Dictionary<string, byte[]>();
        foreach (var key in bundle.PublicKeys)
        {
            var spki = FromBase64(key.SubjectPublicKeyInfo);
            if (spki is null || LedgerKey.IdOf(spki) != key.KeyId || key.Algorithm != BundleKey.EcdsaP256) problems.Add($"public key {key.KeyId} is malformed or misnamed");
            else keys[key.KeyId] = spki;
        }
        foreach (var pinned in pinnedPublicKeys.Where(p => !keys.ContainsKey(LedgerKey.IdOf(p))))
            problems.Add($"the bundle does not carry the pinned key {LedgerKey.IdOf(pinned)}");
        if (pinnedPublicKeys.Count > 0) keys = pinnedPublicKeys.DistinctBy(LedgerKey.IdOf).ToDictionary(LedgerKey.IdOf);

        if (!keys.TryGetValue(signature.KeyId, out var signer) || FromHex(signature.Signature) is not { } sig || !LedgerKey.Verify(signer, body, sig))
            problems.Add("the bundle's signature does not match its contents (or its key is not trusted)");

        foreach (var c in bundle.Checkpoints)
            if (!keys.TryGetValue(c.KeyId, out var key) || !c.IsSignedBy(key))
                problems.Add($"checkpoint of size {c.TreeSize}: its signature does not match (or its key is not trusted)");
        if (trusted is not null) CheckExtends(bundle, trusted, keys, problems);
        CheckConsistency(bundle, problems);
        CheckChains(bundle, problems);
        CheckInclusion(bundle, problems);
        problems.AddRange(BundleCompleteness.Problems(bundle));
        if (bundle.Note is { } note && NoteProblem(note, bundle.Checkpoints.LastOrDefault()) is { } noteProblem) problems.Add(noteProblem);
        return problems;
    }

    /// <summary>
    /// A bundle carries every checkpoint of the ledger, each proved to extend the one before, so the
    /// one the auditor trusts must be among them, unchanged.
    /// </summary>
    static void CheckExtends(Bundle bundle, Checkpoint trusted, Dictionary<string, byte[]> keys, List<string> problems)
    {
        var said = $"the checkpoint you trust ({TrustedCheckpoint.Describe(trusted)})";
        if (!keys.TryGetValue(trusted.KeyId, out var key) || !trusted.IsSignedBy(key))
            problems.Add($"{said} is not signed by a trusted key");
        else if (bundle.Checkpoints.FirstOrDefault(c => c.TreeSize == trusted.TreeSize) is { } same)
        {
            if (same.RootHash != trusted.RootHash)
                problems.Add($"the bundle does not extend {said}: its checkpoint of that size has root {same.RootHash}, so the ledger forked");
            else if (same.StreamsRoot != trusted.StreamsRoot || same.StreamCount != trusted.StreamCount)
                problems.Add($"the bundle does not extend {said}: its checkpoint of that size signs another stream map, so the key signed two views of one tree");
        }
        else if (bundle.Checkpoints.Count == 0 || bundle.Checkpoints[^1].TreeSize < trusted.TreeSize)
            problems.Add($"the bundle does not extend {said}: it holds no checkpoint that large, so history was cut or rolled back");
        else
            problems.Add($"the bundle does not extend {said}: it holds no checkpoint of that size");
    }

    /// <summary>The note travels for witnesses' cosignatures; it must be a well-formed note of the latest checkpoint's tree.</summary>
    static string? NoteProblem(string note, Checkpoint? latest)
    {
        try
        {
            var checkpoint = Notes.CheckpointNote.Parse(Notes.SignedNote.Parse(note).Text);
            return latest is not null && FromHex(latest.RootHash) is { } root && checkpoint.Matches(latest.TreeSize, root)
                ? null
                : $"its note is of a tree of size {checkpoint.Size}, not of its latest checkpoint";
        }
        catch (FormatException e)
        {
            return $"its note is not a well-formed checkpoint note: {e.Message}";
        }
    }

    static void CheckConsistency(Bundle bundle, List<string> problems)
    {
        for (var i = 1; i < bundle.Checkpoints.Count; i++)
        {
            var (from, to) = (bundle.Checkpoints[i - 1], bundle.Checkpoints[i]);
            var proof = bundle.Consistency.FirstOrDefault(p => p.From == from.TreeSize && p.To == to.TreeSize);
            if (proof is null || Hashes(proof.Proof) is not { } hashes
                || FromHex(from.RootHash) is not { } oldRoot || FromHex(to.RootHash) is not { } newRoot
                || !MerkleTree.VerifyConsistency(from.TreeSize, to.TreeSize, oldRoot, newRoot, hashes))
                problems.Add($"checkpoint of size {to.TreeSize} is not proved to extend checkpoint of size {from.TreeSize}");
        }
    }

    static void CheckChains(Bundle bundle, List<string> problems)
    {
        foreach (var stream in bundle.Events.GroupBy(e => e.Stream))
        {
            var previous = EventDigest.Genesis;
            long expected = 1;
            DateTimeOffset? recordedBefore = null;
            foreach (var e in stream.OrderBy(e => e.Version))
            {
                var where = $"{e.Stream} version {e.Version}";
                if (e.Version != expected) problems.Add($"{e.Stream}: version {expected} is missing from the bundle");
                if (e.Recorded < recordedBefore) problems.Add($"{where}: it is recorded before the version before it (within a stream, recorded times never go back)");
                recordedBefore = e.Recorded;
                if (CanonicalJson.Hash(e.Content) != e.ContentHash)
                    problems.Add($"{where}: its content does not match its content hash");
                if (EventDigest.Compute(previous, e.Type, e.Stream, e.Version, e.Recorded, e.RecordedBy, e.Content) != e.Digest)
                    problems.Add($"{where}: its digest does not match its content and its place in the stream");
                previous = e.Digest.Length == 64 && e.Digest.All(Uri.IsHexDigit) ? e.Digest : EventDigest.Genesis;
                expected = e.Version + 1;
            }
        }
    }

    static void CheckInclusion(Bundle bundle, List<string> problems)
    {
        var latest = bundle.Checkpoints.Count == 0 ? null : bundle.Checkpoints[^1];
        foreach (var e in bundle.Events.Where(e => e.LeafIndex is not null))
        {
            var proved = latest is not null && Hashes(e.Inclusion ?? []) is { } proof && FromHex(latest.RootHash) is { } root
                && FromHex(e.Digest) is { } leaf && MerkleTree.VerifyInclusion(leaf, e.LeafIndex!.Value, latest.TreeSize, proof, root);
            if (!proved) problems.Add($"{e.Stream} version {e.Version}: not proved to be in the latest checkpoint");
        }
    }

    static List<byte[]>? Hashes(IEnumerable<string> hex)
    {
        var hashes = hex.Select(FromHex).ToList();
        return hashes.Any(h => h is null) ? null : hashes.Select(h => h!).ToList();
    }

    static byte[]? FromHex(string text)
    {
        try { return Convert.FromHexString(text); }
        catch (FormatException) { return null; }
    }

    static byte[]? FromBase64(string text)
    {
        try { return Convert.FromBase64String(text); }
        catch (FormatException) { return null; }
    }
}
