using System.Globalization;
using System.Text;

namespace EthicsLedger.Integrity;

/// <summary>
/// A signed statement that the log held <see cref="TreeSize"/> events whose Merkle root is
/// <see cref="RootHash"/> at <see cref="SignedAt"/>. Only the holder of the key can make one, so
/// an operator who rewrites the database cannot make a new history agree with old checkpoints.
/// </summary>
public sealed record Checkpoint(long TreeSize, string RootHash, DateTimeOffset SignedAt, string KeyId, string Signature)
{
    public const string StatementVersion = "ethicsledger-checkpoint-v1";

    /// <summary>The exact bytes that are signed (docs/verification.md).</summary>
    public static byte[] Statement(long treeSize, string rootHash, DateTimeOffset signedAt, string keyId) =>
        Encoding.UTF8.GetBytes($"{StatementVersion}\n{treeSize.ToString(CultureInfo.InvariantCulture)}\n{rootHash}\n{EventDigest.Timestamp(signedAt)}\n{keyId}");

    public static Checkpoint Sign(LedgerKey key, long treeSize, byte[] root, DateTimeOffset signedAt)
    {
        var rootHash = Convert.ToHexStringLower(root);
        var at = EventDigest.Truncate(signedAt);
        var signature = key.Sign(Statement(treeSize, rootHash, at, key.Id));
        return new Checkpoint(treeSize, rootHash, at, key.Id, Convert.ToHexStringLower(signature));
    }

    public bool IsSignedBy(byte[] subjectPublicKeyInfo) =>
        LedgerKey.IdOf(subjectPublicKeyInfo) == KeyId
        && IsHex(Signature)
        && LedgerKey.Verify(subjectPublicKeyInfo, Statement(TreeSize, RootHash, SignedAt, KeyId), Convert.FromHexString(Signature));

    static bool IsHex(string text) => text.Length % 2 == 0 && text.All(Uri.IsHexDigit);
}
