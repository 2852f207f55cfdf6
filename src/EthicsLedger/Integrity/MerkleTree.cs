using System.Numerics;
using System.Security.Cryptography;
using EthicsLedger.Parsing;

namespace EthicsLedger.Integrity;

/// <summary>
/// Merkle trees exactly as RFC 6962 section 2.1 (restated in RFC 9162 section 2.1) defines them,
/// with SHA-256. Exactness is the point: a root or a proof is only worth something if any other
/// implementation of the RFC (Certificate Transparency, Trillian, Sigstore) computes the same
/// bytes, so nothing here is a variant — not the prefixes, not the split, not the empty tree.
/// </summary>
/// <remarks>
/// A leaf is the data the tree commits to (for the ledger, an event's 32-byte digest), of any
/// length; it is hashed here as <c>SHA-256(0x00 || leaf)</c>. Callers pass leaf data, never leaf
/// hashes, everywhere: to <see cref="Root"/>, the proofs and the verifiers alike.
/// <para>
/// Proof generation treats bad arguments as the caller's bug and throws. Verification treats its
/// inputs as untrusted (a proof, a size and a root typically arrive from elsewhere) and answers
/// false for anything it cannot prove — never throws.
/// </para>
/// </remarks>
public static class MerkleTree
{
    /// <summary>SHA-256's output size: every root, node hash and proof element has this many bytes.</summary>
    public const int HashSize = 32;

    // The one-byte prefixes keep a leaf from ever hashing like an interior node (the second-preimage
    // attack of RFC 6962 section 2.1): someone holding a 64-byte leaf equal to left || right must
    // not be able to pass it off as the node above left and right.
    const byte LeafPrefix = 0x00;
    const byte NodePrefix = 0x01;

    // Inputs up to this size are concatenated on the stack; larger ones are streamed.
    const int StackInputLimit = 256;

    static readonly byte[] EmptyTreeHash = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>MTH({}) = SHA-256 of the empty string (a fresh copy each time: arrays are mutable).</summary>
    public static byte[] EmptyRoot => (byte[])EmptyTreeHash.Clone();

    /// <summary>MTH({d}) = SHA-256(0x00 || d).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf) => Hash(LeafPrefix, leaf, default);

    /// <summary>SHA-256(0x01 || left || right): the hash of an interior node.</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => Hash(NodePrefix, left, right);

    /// <summary>MTH(D[n]): the root of the tree over all <paramref name="leaves"/>, in O(n).</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        return leaves.Count == 0 ? EmptyRoot : SubtreeHash(leaves, 0, leaves.Count);
    }

    /// <summary>
    /// PATH(m, D[n]) of RFC 6962 section 2.1.1: the sibling hashes from leaf <paramref name="index"/>
    /// up to the root of the tree over the first <paramref name="treeSize"/> leaves, leaf side first.
    /// Leaves past <paramref name="treeSize"/> are ignored.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="treeSize"/> is negative or more than the leaves given, or
    /// <paramref name="index"/> is not in [0, treeSize).
    /// </exception>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leaves, long index, long treeSize)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        CheckTreeSize(leaves, treeSize, nameof(treeSize));
        if (index < 0 || index >= treeSize)
            throw new ArgumentOutOfRangeException(nameof(index), index,
                $"A leaf index must be in [0, {treeSize}) for a tree of {treeSize} leaves; {index} is not.");

        var path = new List<byte[]>();
        AppendPath(leaves, index, 0, treeSize, path);
        return path;
    }

    /// <summary>
    /// PROOF(m, D[n]) of RFC 6962 section 2.1.2: the hashes that show the tree over the first
    /// <paramref name="oldSize"/> leaves is a prefix of the tree over the first <paramref name="newSize"/>.
    /// Empty when the sizes are equal or the old tree is empty (there is nothing to prove: RFC 6962
    /// defines the proof only for 0 &lt; m &lt; n).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="newSize"/> is negative or more than the leaves given, or
    /// <paramref name="oldSize"/> is not in [0, newSize].
    /// </exception>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leaves, long oldSize, long newSize)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        CheckTreeSize(leaves, newSize, nameof(newSize));
        if (oldSize < 0 || oldSize > newSize)
            throw new ArgumentOutOfRangeException(nameof(oldSize), oldSize,
                $"The old tree size must be in [0, {newSize}] (a tree only grows); {oldSize} is not.");

        var proof = new List<byte[]>();
        if (oldSize > 0 && oldSize < newSize) AppendSubproof(leaves, oldSize, 0, newSize, true, proof);
        return proof;
    }

    /// <summary>
    /// Whether <paramref name="proof"/> shows <paramref name="leaf"/> (leaf data, hashed here) at
    /// <paramref name="index"/> in the tree of <paramref name="treeSize"/> leaves whose root is
    /// <paramref name="root"/>: the algorithm of RFC 9162 section 2.1.3.2, which walks up from the
    /// leaf instead of rebuilding the tree. False for any malformed input, never an exception.
    /// </summary>
    public static bool VerifyInclusion(byte[] leaf, long index, long treeSize, IReadOnlyList<byte[]> proof, byte[] root)
    {
        if (leaf is null || proof is null || !IsHash(root) || index < 0 || index >= treeSize) return false;

        // fn is the index of the node r stands for, sn the index of the last node on its level.
        var fn = index;
        var sn = treeSize - 1;
        var r = LeafHash(leaf);
        for (var i = 0; i < proof.Count; i++)
        {
            var p = proof[i];
            // sn == 0 means r is already the root: the proof is longer than the tree is tall.
            if (sn == 0 || !IsHash(p)) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                // r is a right child, or the last node of its level: p is its left sibling. When r is
                // the last node and a left child it has no sibling on this level (the right edge of
                // an unbalanced tree), so climb until it is a right child, or the root of the left part.
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // sn != 0 means the proof ran out before reaching the root.
        return sn == 0 && SameHash(r, root);
    }

    /// <summary>
    /// Whether <paramref name="proof"/> shows the tree of <paramref name="oldSize"/> leaves with root
    /// <paramref name="oldRoot"/> is a prefix of the tree of <paramref name="newSize"/> leaves with root
    /// <paramref name="newRoot"/>: the algorithm of RFC 9162 section 2.1.4.2. Equal sizes need equal
    /// roots and an empty proof; an old size of 0 needs the empty tree's root and an empty proof.
    /// False for any malformed input, never an exception.
    /// </summary>
    public static bool VerifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, IReadOnlyList<byte[]> proof)
    {
        if (proof is null || !IsHash(oldRoot) || !IsHash(newRoot) || oldSize < 0 || oldSize > newSize) return false;
        // Every tree extends the empty one; but a size-0 tree head with another root is not a tree head.
        if (oldSize == 0) return proof.Count == 0 && SameHash(oldRoot, EmptyTreeHash) && (newSize > 0 || SameHash(newRoot, EmptyTreeHash));
        if (oldSize == newSize) return proof.Count == 0 && SameHash(oldRoot, newRoot);
        if (proof.Count == 0) return false;

        // An old tree whose size is a power of two is a whole subtree of the new one, so PROOF leaves
        // its root out (the verifier has it); put it back so both cases start from that subtree's hash.
        var oldIsSubtree = BitOperations.IsPow2(oldSize);
        var first = oldIsSubtree ? oldRoot : proof[0];
        if (!IsHash(first)) return false;

        // fn and sn: the indexes of the old tree's last leaf and of the new tree's, climbed to the
        // level of that first subtree (past the levels where the old tree's last node is a right child).
        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        // fr rebuilds the old root, sr the new one, from the same path.
        var fr = first;
        var sr = first;
        for (var i = oldIsSubtree ? 0 : 1; i < proof.Count; i++)
        {
            var c = proof[i];
            if (sn == 0 || !IsHash(c)) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                // c is a left sibling: part of both trees.
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                // c is a right sibling: only in the new tree.
                sr = NodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && SameHash(fr, oldRoot) && SameHash(sr, newRoot);
    }

    /// <summary>The largest power of two strictly less than <paramref name="n"/> (n &gt;= 2): RFC 6962's split, not the midpoint.</summary>
    static long Split(long n) => 1L << BitOperations.Log2((ulong)(n - 1));

    /// <summary>
    /// MTH(D[start:start+count]) for count &gt;= 1. Every node below is hashed exactly once, so this is
    /// O(count), and the recursion is only log2(count) deep.
    /// </summary>
    static byte[] SubtreeHash(IReadOnlyList<byte[]> leaves, long start, long count, Dictionary<(long, long), byte[]>? known = null)
    {
        if (known is not null && known.TryGetValue((start, count), out var hash)) return hash;
        var k = Split(count);
        hash = count == 1 ? LeafHash(LeafAt(leaves, start))
            : NodeHash(SubtreeHash(leaves, start, k, known), SubtreeHash(leaves, start + k, count - k, known));
        if (known is not null) known[(start, count)] = hash;
        return hash;
    }

    /// <summary>
    /// PATH(m, D[n]) for many leaves of one tree at once. Every subtree is hashed once for all of them,
    /// so proofs for all n leaves cost O(n log n), where one <see cref="InclusionProof"/> each would cost O(n²).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<byte[]>> InclusionProofs(IReadOnlyList<byte[]> leaves, IReadOnlyList<long> indexes, long treeSize)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        CheckTreeSize(leaves, treeSize, nameof(treeSize));
        var known = new Dictionary<(long, long), byte[]>();
        return indexes.Select(index =>
        {
            if (index < 0 || index >= treeSize)
                throw new ArgumentOutOfRangeException(nameof(indexes), index, $"A leaf index must be in [0, {treeSize}); {index} is not.");
            var path = new List<byte[]>();
            AppendPath(leaves, index, 0, treeSize, path, known);
            return (IReadOnlyList<byte[]>)path;
        }).ToList();
    }

    /// <summary>
    /// PATH(m, D[start:start+count]), appended leaf side first. The subtrees hashed for the siblings
    /// are disjoint, so a whole proof costs O(count), not O(count log count).
    /// </summary>
    static void AppendPath(IReadOnlyList<byte[]> leaves, long m, long start, long count, List<byte[]> path,
        Dictionary<(long, long), byte[]>? known = null)
    {
        if (count == 1) return;
        var k = Split(count);
        if (m < k)
        {
            AppendPath(leaves, m, start, k, path, known);
            path.Add(SubtreeHash(leaves, start + k, count - k, known));
        }
        else
        {
            AppendPath(leaves, m - k, start + k, count - k, path, known);
            path.Add(SubtreeHash(leaves, start, k, known));
        }
    }

    /// <summary>
    /// SUBPROOF(m, D[start:start+count], b) for 1 &lt;= m &lt;= count. <paramref name="wholeOldTree"/> is
    /// RFC 6962's b: true while the subtree being split still starts the old tree's root, which the
    /// verifier already holds and so is left out when it turns out to be a whole subtree.
    /// </summary>
    static void AppendSubproof(IReadOnlyList<byte[]> leaves, long m, long start, long count, bool wholeOldTree, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!wholeOldTree) proof.Add(SubtreeHash(leaves, start, count));
            return;
        }
        var k = Split(count);
        if (m <= k)
        {
            AppendSubproof(leaves, m, start, k, wholeOldTree, proof);
            proof.Add(SubtreeHash(leaves, start + k, count - k));
        }
        else
        {
            AppendSubproof(leaves, m - k, start + k, count - k, false, proof);
            proof.Add(SubtreeHash(leaves, start, k));
        }
    }

    static void CheckTreeSize(IReadOnlyList<byte[]> leaves, long treeSize, string name)
    {
        if (treeSize < 0)
            throw new ArgumentOutOfRangeException(name, treeSize, $"A tree size cannot be negative; {treeSize} is.");
        if (treeSize > leaves.Count)
            throw new ArgumentOutOfRangeException(name, treeSize,
                $"A tree of {treeSize} leaves needs {treeSize} leaves; only {leaves.Count} were given.");
    }

    // A null array would otherwise pass silently as an empty span, i.e. as the empty leaf.
    static byte[] LeafAt(IReadOnlyList<byte[]> leaves, long index) =>
        leaves[(int)index] ?? throw new ArgumentException($"Leaf {index} is null.", nameof(leaves));

    static bool IsHash(byte[]? hash) => hash is { Length: HashSize };

    static bool SameHash(byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b);

    static byte[] Hash(byte prefix, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        // Nodes and digest-sized leaves (the common case) are concatenated on the stack and hashed
        // in one call: a million-leaf tree hashes two million times, so no allocation but the result.
        var length = 1L + first.Length + second.Length;
        if (length <= StackInputLimit)
        {
            Span<byte> input = stackalloc byte[StackInputLimit];
            input[0] = prefix;
            first.CopyTo(input[1..]);
            second.CopyTo(input[(1 + first.Length)..]);
            return Sha256.Hash(input[..(int)length]);
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([prefix]);
        sha.AppendData(first);
        sha.AppendData(second);
        return sha.GetHashAndReset();
    }
}

/// <summary>
/// Extends a Merkle tree one leaf at a time as events arrive, and gives the RFC 6962 root at any
/// size in O(log n), without keeping the leaves: the same root <see cref="MerkleTree.Root"/> computes
/// over all the leaves added so far. Not thread-safe.
/// </summary>
/// <remarks>
/// The leaves so far split into perfect subtrees, one per set bit of <see cref="Size"/>, largest and
/// leftmost first (RFC 6962 splits off the largest power of two on the left, so these are exactly its
/// subtrees). Only their roots are kept: at most 64 hashes.
/// </remarks>
public sealed class MerkleTreeBuilder
{
    // The roots of those perfect subtrees, leftmost (largest) first.
    readonly List<byte[]> _peaks = [];

    /// <summary>The number of leaves added so far.</summary>
    public long Size { get; private set; }

    /// <summary>
    /// Appends a leaf (leaf data, hashed here) and returns its index. O(log n) at worst, O(1) on average.
    /// </summary>
    public long Add(ReadOnlySpan<byte> leaf)
    {
        var hash = MerkleTree.LeafHash(leaf);
        // Like a carry in binary addition: each trailing 1 bit of the size is a perfect subtree of
        // the same height as the one being carried, so the two merge into one twice as big.
        for (var size = Size; (size & 1) == 1; size >>= 1)
        {
            hash = MerkleTree.NodeHash(_peaks[^1], hash);
            _peaks.RemoveAt(_peaks.Count - 1);
        }
        _peaks.Add(hash);
        return Size++;
    }

    /// <summary>MTH of the leaves added so far: the peaks folded from the right.</summary>
    public byte[] Root
    {
        get
        {
            if (_peaks.Count == 0) return MerkleTree.EmptyRoot;
            // A copy, so a caller changing the array cannot change the tree.
            var root = (byte[])_peaks[^1].Clone();
            for (var i = _peaks.Count - 2; i >= 0; i--) root = MerkleTree.NodeHash(_peaks[i], root);
            return root;
        }
    }
}
