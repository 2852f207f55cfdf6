using System.Globalization;
using System.Text;

namespace EthicsLedger.Integrity;

/// <summary>
/// A signed statement that the log held <see cref="TreeSize"/> events whose Merkle root is
/// <see cref="RootHash"/> at <see cref="SignedAt"/>, and that its streams then stood as the
/// <see cref="StreamCount"/> leaves under <see cref="StreamsRoot"/> say (<see cref="StreamMap"/>).
/// Only the holder of the key can make one, so an operator who rewrites the database cannot make a
/// new history agree with old checkpoints.
/// </summary>
public sealed record Checkpoint(long TreeSize, string RootHash, DateTimeOffset SignedAt, string KeyId, string Signature,
    long? StreamCount = null, string? StreamsRoot = null)
{
    /// <summary>Checkpoints signed before the stream map existed; they still verify.</summary>
    public const string StatementVersion1 = "ethicsledger-checkpoint-v1";
    public const string StatementVersion = "ethicsledger-checkpoint-v2";

    /// <summary>The exact bytes that are signed (docs/verification.md).</summary>
    public static byte[] Statement(long treeSize, string rootHash, long? streamCount, string? streamsRoot, DateTimeOffset signedAt, string keyId) =>
        Encoding.UTF8.GetBytes(streamsRoot is null
            ? $"{StatementVersion1}\n{Number(treeSize)}\n{rootHash}\n{EventDigest.Timestamp(signedAt)}\n{keyId}"
            : $"{StatementVersion}\n{Number(treeSize)}\n{rootHash}\n{Number(streamCount ?? 0)}\n{streamsRoot}\n{EventDigest.Timestamp(signedAt)}\n{keyId}");

    public static Checkpoint Sign(LedgerKey key, long treeSize, byte[] root, IReadOnlyList<StreamHead> streams, DateTimeOffset signedAt)
    {
        var rootHash = Convert.ToHexStringLower(root);
        var streamsRoot = Convert.ToHexStringLower(StreamMap.Root(streams));
        var at = EventDigest.Truncate(signedAt);
        var signature = key.Sign(Statement(treeSize, rootHash, streams.Count, streamsRoot, at, key.Id));
        return new Checkpoint(treeSize, rootHash, at, key.Id, Convert.ToHexStringLower(signature), streams.Count, streamsRoot);
    }

    public bool IsSignedBy(byte[] subjectPublicKeyInfo) =>
        LedgerKey.IdOf(subjectPublicKeyInfo) == KeyId
        && IsHex(Signature)
        && (StreamsRoot is null) == (StreamCount is null)
        && LedgerKey.Verify(subjectPublicKeyInfo, Statement(TreeSize, RootHash, StreamCount, StreamsRoot, SignedAt, KeyId), Convert.FromHexString(Signature));

    static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    static bool IsHex(string text) => text.Length % 2 == 0 && text.All(Uri.IsHexDigit);
}
