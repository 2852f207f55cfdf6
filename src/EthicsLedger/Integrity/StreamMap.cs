using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EthicsLedger.Integrity;

/// <summary>Where one stream stood at a tree size: the organization it belongs to, its last version in the tree, and that event's digest.</summary>
public sealed record StreamHead(string Org, string Stream, long Version, string Digest)
{
    public const string RecordVersion = "ethicsledger-stream-head-v1";

    /// <summary>The map's leaf data: SHA-256 of the head's record (docs/verification.md).</summary>
    public byte[] Leaf() => SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{RecordVersion}\n{Org}\n{Stream}\n{Version.ToString(CultureInfo.InvariantCulture)}\n{Digest}"));
}

/// <summary>
/// Every stream's head at a checkpoint's tree size, sorted by organization then stream (ordinal), as
/// the leaves of a second RFC 6962 tree whose root the checkpoint signs. An organization's streams are
/// then one contiguous run of leaves; proving each of them, and the neighbours on both sides belonging
/// to other organizations, proves a bundle holds every stream of that organization, none left out.
/// </summary>
public static class StreamMap
{
    public static List<StreamHead> Sorted(IEnumerable<StreamHead> heads) =>
        heads.OrderBy(h => h.Org, StringComparer.Ordinal).ThenBy(h => h.Stream, StringComparer.Ordinal).ToList();

    /// <summary>The heads after the first <paramref name="treeSize"/> of these leaves, in tree order.</summary>
    public static List<StreamHead> At(IEnumerable<(string Org, string Stream, long Version, string Digest)> leaves, long treeSize)
    {
        var heads = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
        foreach (var leaf in leaves.Take((int)treeSize)) heads[leaf.Stream] = new StreamHead(leaf.Org, leaf.Stream, leaf.Version, leaf.Digest);
        return Sorted(heads.Values);
    }

    public static byte[] Root(IReadOnlyList<StreamHead> sorted) => MerkleTree.Root(sorted.Select(h => h.Leaf()).ToList());

    public static IReadOnlyList<IReadOnlyList<string>> InclusionProofs(IReadOnlyList<StreamHead> sorted, IReadOnlyList<int> indexes) =>
        MerkleTree.InclusionProofs(sorted.Select(h => h.Leaf()).ToList(), indexes.Select(i => (long)i).ToList(), sorted.Count)
            .Select(p => (IReadOnlyList<string>)p.Select(Convert.ToHexStringLower).ToList()).ToList();
}
