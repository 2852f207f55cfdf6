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
    string? Note = null)
{
    public const string CurrentFormat = "ethicsledger-bundle-v1";
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
    long? LeafIndex, IReadOnlyList<string>? Inclusion);

/// <summary>The second line of a bundle file: who signed the first line, and the signature.</summary>
public sealed record BundleSignature(string KeyId, string Signature);
