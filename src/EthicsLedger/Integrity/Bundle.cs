namespace EthicsLedger.Integrity;

/// <summary>
/// Everything an auditor needs to check part or all of the ledger with no database: the events
/// with their content and digests, the signed checkpoints, inclusion proofs of the events in the
/// latest checkpoint, consistency proofs between checkpoints, and the public keys.
/// Written as two lines: this body as compact JSON, then a signature over that line's exact bytes.
/// <see cref="Note"/> is the latest checkpoint as a C2SP signed note with the witnesses' cosignatures.
/// </summary>
public sealed record Bundle(
    string Format, DateTimeOffset ExportedAt, string? Org,
    IReadOnlyList<BundleKey> PublicKeys,
    IReadOnlyList<Checkpoint> Checkpoints,
    IReadOnlyList<BundleConsistency> Consistency,
    IReadOnlyList<BundleEvent> Events,
    BundleStreams? Streams,
    string? Note = null)
{
    /// <summary>v2: the stream map's proofs in an organization's bundle, times written with exactly six fractional digits, low-S signatures, every leaf of a whole-ledger bundle.</summary>
    public const string CurrentFormat = "ethicsledger-bundle-v2";
}

public sealed record BundleKey(string KeyId, string Algorithm, string SubjectPublicKeyInfo)
{
    public const string EcdsaP256 = "ECDSA-P256-SHA256-P1363";
}

/// <summary>A consistency proof that checkpoint <see cref="To"/> extends checkpoint <see cref="From"/> (tree sizes).</summary>
public sealed record BundleConsistency(long From, long To, IReadOnlyList<string> Proof);

/// <summary>An event as stored, with its leaf index and inclusion proof in the latest checkpoint (null when no checkpoint covers it yet).</summary>
public sealed record BundleEvent(
    long Sequence, string Stream, long Version, string Type, DateTimeOffset Recorded, string Content, string ContentHash, string Digest,
    long? LeafIndex, IReadOnlyList<string>? Inclusion,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? RecordedBy = null);

/// <summary>The second line of a bundle file: who signed the first line, and the signature.</summary>
public sealed record BundleSignature(string KeyId, string Signature);

/// <summary>
/// An organization's bundle's proof that it holds every stream of the organization under the latest
/// checkpoint: each of its heads in the checkpoint's stream map, and the map's leaves just before and
/// after them, which belong to other organizations (null at either end of the map).
/// </summary>
public sealed record BundleStreams(IReadOnlyList<BundleStreamHead> Heads, BundleStreamHead? Before, BundleStreamHead? After);

/// <summary>One leaf of a checkpoint's stream map, at <see cref="Index"/>, with its inclusion proof under the checkpoint's streams root.</summary>
public sealed record BundleStreamHead(long Index, string Org, string Stream, long Version, string Digest, IReadOnlyList<string> Inclusion)
{
    [System.Text.Json.Serialization.JsonIgnore] public StreamHead Head => new(Org, Stream, Version, Digest);
}
