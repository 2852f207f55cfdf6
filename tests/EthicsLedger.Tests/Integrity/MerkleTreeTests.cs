using System.Diagnostics;
using System.Security.Cryptography;
using CsCheck;
using EthicsLedger.Integrity;

namespace EthicsLedger.Tests.Integrity;

/// <summary>
/// MerkleTree is RFC 6962 / RFC 9162 to the byte: the Certificate Transparency reference vectors,
/// the RFC's recursive definitions (restated below, naively, as the oracle), every proof of every
/// small tree, and every way of tampering with one.
/// </summary>
public class MerkleTreeTests
{
    // ---- the Certificate Transparency reference tree (transparency-dev/merkle testonly/constants.go,
    //      proof/verify_test.go; the same vectors as Trillian and the CT C++ log). These hash the raw
    //      leaf DATA, which is why the API takes leaves of any length. ----

    static readonly byte[][] CtLeaves =
        new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
            .Select(h => Convert.FromHexString(h)).ToArray();

    /// <summary>The root for each size 0..8.</summary>
    static readonly string[] CtRoots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    static byte[][] CtPrefix(int size) => CtLeaves[..size];
    static byte[] CtRoot(int size) => Convert.FromHexString(CtRoots[size]);

    // ---- event-like leaves: distinct 32-byte digests ----

    const int Small = 40;
    static readonly byte[][] Digests = DigestsOf(Small);
    /// <summary>The root of the first n digests, for n = 0..40.</summary>
    static readonly byte[][] DigestRoots = Enumerable.Range(0, Small + 1).Select(n => Rfc6962.Mth(Digests[..n])).ToArray();

    static byte[][] DigestsOf(int count) => Enumerable.Range(0, count).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToArray();

    static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
    static string[] Hexes(IEnumerable<byte[]> hashes) => hashes.Select(Hex).ToArray();
    static string[] Split(string hexes) => hexes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    static readonly byte[] Stranger = SHA256.HashData("not in any tree"u8);

    // ---- known answers ----

    [Fact]
    public void the_empty_tree_hashes_to_sha256_of_the_empty_string()
    {
        Hex(MerkleTree.Root([])).ShouldBe(CtRoots[0]);
        Hex(MerkleTree.EmptyRoot).ShouldBe(CtRoots[0]);
        Hex(new MerkleTreeBuilder().Root).ShouldBe(CtRoots[0]);
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void the_reference_leaves_give_the_certificate_transparency_root_at_each_size(int size)
    {
        Hex(MerkleTree.Root(CtPrefix(size))).ShouldBe(CtRoots[size]);

        var builder = new MerkleTreeBuilder();
        foreach (var leaf in CtPrefix(size)) builder.Add(leaf);
        Hex(builder.Root).ShouldBe(CtRoots[size]);
    }

    [Fact]
    public void proofs_for_many_leaves_at_once_are_each_leaf_s_own_proof_at_every_size_up_to_40()
    {
        var leaves = Enumerable.Range(0, 40).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToList();
        for (var size = 1; size <= 40; size++)
        {
            var indexes = Enumerable.Range(0, size).Select(i => (long)i).Reverse().ToList();
            var together = MerkleTree.InclusionProofs(leaves, indexes, size);
            for (var i = 0; i < indexes.Count; i++)
                Hexes(together[i]).ShouldBe(Hexes(MerkleTree.InclusionProof(leaves, indexes[i], size)), $"leaf {indexes[i]} of {size}");
        }
    }

    [Fact]
    public void leaf_and_node_hashes_are_the_rfc_ones_with_their_prefixes()
    {
        Hex(MerkleTree.LeafHash([])).ShouldBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        Hex(MerkleTree.LeafHash(CtLeaves[1])).ShouldBe("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
        Hex(MerkleTree.NodeHash(MerkleTree.LeafHash(CtLeaves[0]), MerkleTree.LeafHash(CtLeaves[1]))).ShouldBe(CtRoots[2]);
        Hex(MerkleTree.LeafHash(Digests[7])).ShouldBe(Hex(SHA256.HashData([0x00, .. Digests[7]])));
        Hex(MerkleTree.NodeHash(Digests[1], Digests[2])).ShouldBe(Hex(SHA256.HashData([0x01, .. Digests[1], .. Digests[2]])));
    }

    [Fact]
    public void a_leaf_spelling_out_two_child_hashes_does_not_hash_like_their_parent()
    {
        var left = MerkleTree.LeafHash(Digests[0]);
        var right = MerkleTree.LeafHash(Digests[1]);
        var forged = left.Concat(right).ToArray();

        MerkleTree.LeafHash(forged).ShouldNotBe(MerkleTree.NodeHash(left, right));
        MerkleTree.Root([forged]).ShouldNotBe(MerkleTree.Root([Digests[0], Digests[1]]));
    }

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(31)] [InlineData(32)] [InlineData(33)]
    [InlineData(254)] [InlineData(255)] [InlineData(256)] [InlineData(100_000)]
    public void a_leaf_of_any_length_is_hashed_as_sha256_of_0x00_and_the_leaf(int length)
    {
        var leaf = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        Hex(MerkleTree.LeafHash(leaf)).ShouldBe(Hex(SHA256.HashData([0x00, .. leaf])));
        Hex(MerkleTree.NodeHash(leaf, leaf)).ShouldBe(Hex(SHA256.HashData([0x01, .. leaf, .. leaf])));
    }

    // The inclusion vectors of transparency-dev/merkle's verify_test.go (which number leaves from 1).
    [Theory]
    [InlineData(0, 1, "")]
    [InlineData(0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0 d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(1, 5, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    public void the_reference_inclusion_proofs_are_generated_and_verify_and_the_reference_probes_fail(int index, int size, string expected)
    {
        var proof = MerkleTree.InclusionProof(CtLeaves, index, size);
        Hexes(proof).ShouldBe(Split(expected));

        var leaf = CtLeaves[index];
        var root = CtRoot(size);
        MerkleTree.VerifyInclusion(leaf, index, size, proof, root).ShouldBeTrue();

        // The probes transparency-dev/merkle's own verifier is tested with: same root, one thing wrong.
        MerkleTree.VerifyInclusion(leaf, index - 1, size, proof, root).ShouldBeFalse();
        MerkleTree.VerifyInclusion(leaf, index + 1, size, proof, root).ShouldBeFalse();
        MerkleTree.VerifyInclusion(leaf, index ^ 2, size, proof, root).ShouldBeFalse();
        MerkleTree.VerifyInclusion(leaf, index, size * 2, proof, root).ShouldBeFalse();
        MerkleTree.VerifyInclusion(leaf, index, size / 2, proof, root).ShouldBeFalse();
        MerkleTree.VerifyInclusion("WrongLeaf"u8.ToArray(), index, size, proof, root).ShouldBeFalse();
        MerkleTree.VerifyInclusion(leaf, index, size, proof, CtRoot(0)).ShouldBeFalse();
        MerkleTree.VerifyInclusion(leaf, index, size, proof, Stranger).ShouldBeFalse();
        MerkleTree.VerifyInclusion(leaf, index, size, [.. proof, root], root).ShouldBeFalse();
        MerkleTree.VerifyInclusion(leaf, index, size, [root, .. proof], root).ShouldBeFalse();
    }

    // The consistency vectors of transparency-dev/merkle's verify_test.go.
    [Theory]
    [InlineData(1, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0 d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    [InlineData(6, 7, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    public void the_reference_consistency_proofs_are_generated_and_verify_and_the_reference_probes_fail(int oldSize, int newSize, string expected)
    {
        var proof = MerkleTree.ConsistencyProof(CtLeaves, oldSize, newSize);
        Hexes(proof).ShouldBe(Split(expected));

        var (oldRoot, newRoot) = (CtRoot(oldSize), CtRoot(newSize));
        MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof).ShouldBeTrue();

        // The probes transparency-dev/merkle's own verifier is tested with: same roots, one thing wrong.
        MerkleTree.VerifyConsistency(oldSize - 1, newSize, oldRoot, newRoot, proof).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize + 1, newSize, oldRoot, newRoot, proof).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize ^ 2, newSize, oldRoot, newRoot, proof).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize * 2, oldRoot, newRoot, proof).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize / 2, oldRoot, newRoot, proof).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize, "WrongRoot"u8.ToArray(), newRoot, proof).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, "WrongRoot"u8.ToArray(), proof).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize, newRoot, oldRoot, proof).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, []).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, [.. proof, oldRoot]).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, [.. proof, newRoot]).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, [oldRoot, .. proof]).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, [newRoot, .. proof]).ShouldBeFalse();
        MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, [proof[0], .. proof]).ShouldBeFalse();
    }

    // ---- every proof of every small tree ----

    [Fact]
    public void every_inclusion_proof_of_every_leaf_of_every_size_up_to_40_is_the_rfc_path_and_verifies()
    {
        for (var n = 1; n <= Small; n++)
            for (var i = 0; i < n; i++)
            {
                var proof = MerkleTree.InclusionProof(Digests, i, n);
                Hexes(proof).ShouldBe(Hexes(Rfc6962.Path(i, Digests[..n])), $"PATH({i}, D[{n}])");
                MerkleTree.VerifyInclusion(Digests[i], i, n, proof, DigestRoots[n]).ShouldBeTrue($"PATH({i}, D[{n}])");
            }
    }

    [Fact]
    public void every_consistency_proof_between_sizes_up_to_40_is_the_rfc_proof_and_verifies()
    {
        for (var n = 1; n <= Small; n++)
            for (var m = 1; m <= n; m++)
            {
                var proof = MerkleTree.ConsistencyProof(Digests, m, n);
                Hexes(proof).ShouldBe(Hexes(Rfc6962.Proof(m, Digests[..n])), $"PROOF({m}, D[{n}])");
                MerkleTree.VerifyConsistency(m, n, DigestRoots[m], DigestRoots[n], proof).ShouldBeTrue($"PROOF({m}, D[{n}])");
            }
    }

    [Fact]
    public void a_consistency_proof_between_equal_sizes_is_empty_and_needs_equal_roots()
    {
        for (var n = 0; n <= Small; n++)
        {
            MerkleTree.ConsistencyProof(Digests, n, n).ShouldBeEmpty();
            MerkleTree.VerifyConsistency(n, n, DigestRoots[n], DigestRoots[n], []).ShouldBeTrue();
            MerkleTree.VerifyConsistency(n, n, DigestRoots[n], Stranger, []).ShouldBeFalse();
            MerkleTree.VerifyConsistency(n, n, DigestRoots[n], DigestRoots[n], [DigestRoots[n]]).ShouldBeFalse();
        }
    }

    [Fact]
    public void every_tree_extends_the_empty_tree_with_an_empty_proof()
    {
        for (var n = 0; n <= Small; n++)
        {
            MerkleTree.ConsistencyProof(Digests, 0, n).ShouldBeEmpty();
            MerkleTree.VerifyConsistency(0, n, MerkleTree.EmptyRoot, DigestRoots[n], []).ShouldBeTrue();
            MerkleTree.VerifyConsistency(0, n, MerkleTree.EmptyRoot, DigestRoots[n], [Stranger]).ShouldBeFalse();
            // A size-0 tree head with any other root is no tree head.
            MerkleTree.VerifyConsistency(0, n, Stranger, DigestRoots[n], []).ShouldBeFalse();
        }
    }

    [Fact]
    public void proofs_ignore_the_leaves_past_the_tree_size()
    {
        var more = DigestsOf(Small + 10);
        for (var n = 1; n <= Small; n++)
            for (var i = 0; i < n; i++)
            {
                Hexes(MerkleTree.InclusionProof(more, i, n)).ShouldBe(Hexes(MerkleTree.InclusionProof(Digests[..n], i, n)));
                Hexes(MerkleTree.ConsistencyProof(more, i + 1, n)).ShouldBe(Hexes(MerkleTree.ConsistencyProof(Digests[..n], i + 1, n)));
            }
    }

    // ---- tampering ----

    [Fact]
    public void every_tampered_inclusion_proof_fails()
    {
        var accepted = new List<string>();
        for (var n = 1; n <= Small; n++)
            for (var i = 0; i < n; i++)
            {
                var proof = MerkleTree.InclusionProof(Digests, i, n);
                foreach (var (what, bad) in Tamperings(proof, [Stranger, DigestRoots[n], MerkleTree.LeafHash(Digests[i])]))
                    if (MerkleTree.VerifyInclusion(Digests[i], i, n, bad, DigestRoots[n])) accepted.Add($"PATH({i}, D[{n}]) with {what}");
            }
        accepted.ShouldBeEmpty();
    }

    [Fact]
    public void an_inclusion_proof_fails_for_any_other_index_size_root_or_leaf()
    {
        var accepted = new List<string>();
        void Refuse(bool verified, string what) { if (verified) accepted.Add(what); }

        for (var n = 1; n <= Small; n++)
            for (var i = 0; i < n; i++)
            {
                var proof = MerkleTree.InclusionProof(Digests, i, n);
                var (leaf, root) = (Digests[i], DigestRoots[n]);
                foreach (var j in new long[] { -1, n, n + 1, long.MaxValue, long.MinValue }.Concat(Enumerable.Range(0, n).Select(j => (long)j)).Where(j => j != i))
                    Refuse(MerkleTree.VerifyInclusion(leaf, j, n, proof, root), $"PATH({i}, D[{n}]) at index {j}");
                // Another size, with that size's true root.
                for (var s = 0; s <= Small; s++)
                    if (s != n) Refuse(MerkleTree.VerifyInclusion(leaf, i, s, proof, DigestRoots[s]), $"PATH({i}, D[{n}]) for size {s}");
                foreach (var s in new long[] { -1, long.MaxValue, long.MinValue })
                    Refuse(MerkleTree.VerifyInclusion(leaf, i, s, proof, root), $"PATH({i}, D[{n}]) for size {s}");
                for (var s = 0; s <= Small; s++)
                    if (s != n) Refuse(MerkleTree.VerifyInclusion(leaf, i, n, proof, DigestRoots[s]), $"PATH({i}, D[{n}]) against the root of size {s}");
                foreach (var (what, badRoot) in Tampered(root))
                    Refuse(MerkleTree.VerifyInclusion(leaf, i, n, proof, badRoot!), $"PATH({i}, D[{n}]) against a root with {what}");
                for (var j = 0; j < Small; j++)
                    if (j != i) Refuse(MerkleTree.VerifyInclusion(Digests[j], i, n, proof, root), $"PATH({i}, D[{n}]) for leaf {j}");
                // The classic mistake: handing over the leaf's hash where the leaf belongs.
                Refuse(MerkleTree.VerifyInclusion(MerkleTree.LeafHash(leaf), i, n, proof, root), $"PATH({i}, D[{n}]) for the leaf hash");
            }
        accepted.ShouldBeEmpty();
    }

    [Fact]
    public void every_tampered_consistency_proof_fails()
    {
        var accepted = new List<string>();
        for (var n = 2; n <= Small; n++)
            for (var m = 1; m < n; m++)
            {
                var proof = MerkleTree.ConsistencyProof(Digests, m, n);
                foreach (var (what, bad) in Tamperings(proof, [Stranger, DigestRoots[m], DigestRoots[n]]))
                    if (MerkleTree.VerifyConsistency(m, n, DigestRoots[m], DigestRoots[n], bad)) accepted.Add($"PROOF({m}, D[{n}]) with {what}");
            }
        accepted.ShouldBeEmpty();
    }

    [Fact]
    public void a_consistency_proof_fails_for_any_other_sizes_or_roots()
    {
        var accepted = new List<string>();
        void Refuse(bool verified, string what) { if (verified) accepted.Add(what); }

        for (var n = 2; n <= Small; n++)
            for (var m = 1; m < n; m++)
            {
                var proof = MerkleTree.ConsistencyProof(Digests, m, n);
                var (oldRoot, newRoot) = (DigestRoots[m], DigestRoots[n]);
                // Other sizes, with those sizes' true roots.
                for (var m2 = 0; m2 <= Small; m2++)
                    if (m2 != m) Refuse(MerkleTree.VerifyConsistency(m2, n, DigestRoots[m2], newRoot, proof), $"PROOF({m}, D[{n}]) from size {m2}");
                for (var n2 = 0; n2 <= Small; n2++)
                    if (n2 != n) Refuse(MerkleTree.VerifyConsistency(m, n2, oldRoot, DigestRoots[n2], proof), $"PROOF({m}, D[{n}]) to size {n2}");
                foreach (var (m2, n2) in new (long, long)[] { (-1, n), (m, -1), (n, m), (long.MinValue, n), (m, long.MaxValue), (long.MaxValue, long.MaxValue) })
                    Refuse(MerkleTree.VerifyConsistency(m2, n2, oldRoot, newRoot, proof), $"PROOF({m}, D[{n}]) between sizes {m2} and {n2}");
                // Other roots.
                for (var s = 0; s <= Small; s++)
                {
                    if (s != m) Refuse(MerkleTree.VerifyConsistency(m, n, DigestRoots[s], newRoot, proof), $"PROOF({m}, D[{n}]) from the root of size {s}");
                    if (s != n) Refuse(MerkleTree.VerifyConsistency(m, n, oldRoot, DigestRoots[s], proof), $"PROOF({m}, D[{n}]) to the root of size {s}");
                }
                Refuse(MerkleTree.VerifyConsistency(m, n, newRoot, oldRoot, proof), $"PROOF({m}, D[{n}]) with the roots swapped");
                foreach (var (what, badRoot) in Tampered(oldRoot))
                    Refuse(MerkleTree.VerifyConsistency(m, n, badRoot!, newRoot, proof), $"PROOF({m}, D[{n}]) from an old root with {what}");
                foreach (var (what, badRoot) in Tampered(newRoot))
                    Refuse(MerkleTree.VerifyConsistency(m, n, oldRoot, badRoot!, proof), $"PROOF({m}, D[{n}]) to a new root with {what}");
            }
        accepted.ShouldBeEmpty();
    }

    /// <summary>Every way of spoiling a proof: each byte of each hash flipped, and hashes removed, added, reordered or malformed.</summary>
    static IEnumerable<(string What, byte[][] Proof)> Tamperings(IReadOnlyList<byte[]> proof, byte[][] strangers)
    {
        for (var h = 0; h < proof.Count; h++)
            for (var b = 0; b < MerkleTree.HashSize; b++)
            {
                var bad = proof.ToArray();
                bad[h] = bad[h].ToArray();
                bad[h][b] ^= (byte)(1 << (b % 8));
                yield return ($"byte {b} of hash {h} flipped", bad);
            }
        for (var h = 0; h < proof.Count; h++)
            yield return ($"hash {h} removed", proof.Where((_, k) => k != h).ToArray());
        if (proof.Count > 0) yield return ("no hashes", []);
        for (var at = 0; at <= proof.Count; at++)
        {
            foreach (var (stranger, s) in strangers.Select((x, s) => (x, s)))
                yield return ($"stranger {s} inserted at {at}", [.. proof.Take(at), stranger, .. proof.Skip(at)]);
            if (at > 0) yield return ($"hash {at - 1} repeated", [.. proof.Take(at), proof[at - 1], .. proof.Skip(at)]);
        }
        for (var h = 0; h + 1 < proof.Count; h++)
        {
            var swapped = proof.ToArray();
            (swapped[h], swapped[h + 1]) = (swapped[h + 1], swapped[h]);
            yield return ($"hashes {h} and {h + 1} swapped", swapped);
        }
        if (proof.Count > 2) yield return ("hashes reversed", proof.Reverse().ToArray());
        for (var h = 0; h < proof.Count; h++)
            foreach (var (what, malformed) in Tampered(proof[h]).Where(t => t.Hash?.Length != MerkleTree.HashSize))
            {
                var bad = proof.ToArray();
                bad[h] = malformed!;
                yield return ($"hash {h} {what}", bad);
            }
    }

    /// <summary>A hash spoiled: a bit flipped at each end, cut short, grown, emptied, or null.</summary>
    static IEnumerable<(string What, byte[]? Hash)> Tampered(byte[] hash)
    {
        var first = hash.ToArray();
        first[0] ^= 0x80;
        yield return ("its first bit flipped", first);
        var last = hash.ToArray();
        last[^1] ^= 0x01;
        yield return ("its last bit flipped", last);
        yield return ("its last byte cut", hash[..^1]);
        yield return ("a byte added", [.. hash, 0]);
        yield return ("a byte added in front", [0, .. hash]);
        yield return ("no bytes", []);
        yield return ("null", null);
    }

    // ---- the incremental builder ----

    [Fact]
    public void the_builder_gives_the_same_root_as_Root_at_every_size_up_to_100()
    {
        var leaves = DigestsOf(100);
        var builder = new MerkleTreeBuilder();
        Hex(builder.Root).ShouldBe(Hex(MerkleTree.Root([])));
        for (var n = 1; n <= leaves.Length; n++)
        {
            builder.Add(leaves[n - 1]).ShouldBe(n - 1);
            builder.Size.ShouldBe(n);
            Hex(builder.Root).ShouldBe(Hex(MerkleTree.Root(leaves[..n])), $"size {n}");
        }
    }

    [Fact]
    public void changing_a_root_the_builder_returned_does_not_change_the_tree()
    {
        var builder = new MerkleTreeBuilder();
        builder.Add(Digests[0]);
        var root = builder.Root;
        root[0] ^= 0xff;
        Hex(builder.Root).ShouldBe(Hex(MerkleTree.Root([Digests[0]])));

        var empty = MerkleTree.EmptyRoot;
        empty[0] ^= 0xff;
        Hex(MerkleTree.EmptyRoot).ShouldBe(CtRoots[0]);
    }

    // ---- a large tree ----

    [Fact]
    public void a_large_tree_has_the_same_root_whole_or_one_by_one_and_its_proofs_verify()
    {
        // Speed is measured by `ethicsledger verify`, not asserted here; this checks large sizes are right.
        const int million = 300_000, oldSize = 196_321, index = 265_432;
        var leaves = new byte[million][];
        for (var i = 0; i < million; i++)
        {
            leaves[i] = new byte[32];
            BitConverter.TryWriteBytes(leaves[i], i);
        }

        var root = MerkleTree.Root(leaves);
        var builder = new MerkleTreeBuilder();
        byte[] oldRoot = [];
        foreach (var leaf in leaves)
        {
            builder.Add(leaf);
            if (builder.Size == oldSize) oldRoot = builder.Root;
        }

        Hex(builder.Root).ShouldBe(Hex(root));

        // The proofs are linear too: their sibling subtrees are disjoint.
        var path = MerkleTree.InclusionProof(leaves, index, million);
        MerkleTree.VerifyInclusion(leaves[index], index, million, path, root).ShouldBeTrue();
        var proof = MerkleTree.ConsistencyProof(leaves, oldSize, million);
        MerkleTree.VerifyConsistency(oldSize, million, oldRoot, root, proof).ShouldBeTrue();
    }

    // ---- bad arguments ----

    [Theory]
    [InlineData(5, 5, "index")]
    [InlineData(6, 5, "index")]
    [InlineData(-1, 5, "index")]
    [InlineData(0, 0, "index")]
    [InlineData(0, -1, "treeSize")]
    [InlineData(0, 41, "treeSize")]
    public void an_inclusion_proof_for_an_index_outside_the_tree_is_refused(long index, long treeSize, string parameter) =>
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(Digests, index, treeSize)).ParamName.ShouldBe(parameter);

    [Theory]
    [InlineData(6, 5, "oldSize")]
    [InlineData(-1, 5, "oldSize")]
    [InlineData(1, 0, "oldSize")]
    [InlineData(0, -1, "newSize")]
    [InlineData(0, 41, "newSize")]
    [InlineData(41, 41, "newSize")]
    public void a_consistency_proof_between_sizes_that_are_no_growth_of_the_tree_is_refused(long oldSize, long newSize, string parameter) =>
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyProof(Digests, oldSize, newSize)).ParamName.ShouldBe(parameter);

    [Fact]
    public void the_refusal_says_what_was_wrong()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(Digests, 5, 5)).Message.ShouldContain("[0, 5)");
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(Digests, 0, 41)).Message.ShouldContain("only 40 were given");
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyProof(Digests, 6, 5)).Message.ShouldContain("a tree only grows");
    }

    [Fact]
    public void a_null_leaf_is_refused_rather_than_hashed_as_an_empty_one()
    {
        byte[][] leaves = [Digests[0], null!, Digests[2]];
        Should.Throw<ArgumentException>(() => MerkleTree.Root(leaves)).Message.ShouldContain("Leaf 1");
        Should.Throw<ArgumentException>(() => MerkleTree.InclusionProof(leaves, 0, 3));
    }

    [Fact]
    public void verification_answers_false_to_malformed_input_and_never_throws()
    {
        var proof = MerkleTree.InclusionProof(Digests, 3, 8);
        var root = DigestRoots[8];
        MerkleTree.VerifyInclusion(null!, 3, 8, proof, root).ShouldBeFalse();
        MerkleTree.VerifyInclusion(Digests[3], 3, 8, null!, root).ShouldBeFalse();
        MerkleTree.VerifyInclusion(Digests[3], 3, 8, proof, null!).ShouldBeFalse();
        MerkleTree.VerifyInclusion(Digests[3], 3, 8, [proof[0], null!, proof[2]], root).ShouldBeFalse();
        MerkleTree.VerifyInclusion(Digests[0], 0, 0, [], MerkleTree.EmptyRoot).ShouldBeFalse();
        MerkleTree.VerifyInclusion(Digests[0], 0, 1, [], MerkleTree.LeafHash(Digests[0])).ShouldBeTrue();
        MerkleTree.VerifyInclusion(Digests[0], 0, 1, [], []).ShouldBeFalse();

        var consistency = MerkleTree.ConsistencyProof(Digests, 3, 8);
        MerkleTree.VerifyConsistency(3, 8, null!, root, consistency).ShouldBeFalse();
        MerkleTree.VerifyConsistency(3, 8, DigestRoots[3], null!, consistency).ShouldBeFalse();
        MerkleTree.VerifyConsistency(3, 8, DigestRoots[3], root, null!).ShouldBeFalse();
        MerkleTree.VerifyConsistency(3, 8, DigestRoots[3], root, [null!, .. consistency.Skip(1)]).ShouldBeFalse();
        MerkleTree.VerifyConsistency(8, 3, root, DigestRoots[3], consistency).ShouldBeFalse();
        MerkleTree.VerifyConsistency(-3, 8, DigestRoots[3], root, consistency).ShouldBeFalse();
        MerkleTree.VerifyConsistency(0, 0, MerkleTree.EmptyRoot, MerkleTree.EmptyRoot, []).ShouldBeTrue();
        MerkleTree.VerifyConsistency(0, 0, MerkleTree.EmptyRoot, DigestRoots[1], []).ShouldBeFalse();
    }

    // ---- random trees ----

    [Fact]
    public void random_trees_of_random_leaves_prove_every_claim_and_nothing_about_other_trees()
    {
        var gen =
            from leaves in Gen.Byte.Array[0, 48].Array[1, 70]
            from index in Gen.Int[0, leaves.Length - 1]
            from oldSize in Gen.Int[0, leaves.Length]
            from other in Gen.Byte.Array[0, 48].Array[1, 70]
            select (leaves, index, oldSize, other);

        gen.Sample((leaves, index, oldSize, other) =>
        {
            var n = leaves.Length;
            var root = MerkleTree.Root(leaves);
            Hex(root).ShouldBe(Hex(Rfc6962.Mth(leaves)));

            var builder = new MerkleTreeBuilder();
            foreach (var leaf in leaves) builder.Add(leaf);
            Hex(builder.Root).ShouldBe(Hex(root));

            var path = MerkleTree.InclusionProof(leaves, index, n);
            Hexes(path).ShouldBe(Hexes(Rfc6962.Path(index, leaves)));
            MerkleTree.VerifyInclusion(leaves[index], index, n, path, root).ShouldBeTrue();

            var oldRoot = MerkleTree.Root(leaves[..oldSize]);
            var proof = MerkleTree.ConsistencyProof(leaves, oldSize, n);
            if (oldSize > 0) Hexes(proof).ShouldBe(Hexes(Rfc6962.Proof(oldSize, leaves)));
            MerkleTree.VerifyConsistency(oldSize, n, oldRoot, root, proof).ShouldBeTrue();

            // A different tree's root is proved by neither proof.
            var otherRoot = MerkleTree.Root(other);
            if (!otherRoot.AsSpan().SequenceEqual(root))
            {
                MerkleTree.VerifyInclusion(leaves[index], index, n, path, otherRoot).ShouldBeFalse();
                if (oldSize > 0) MerkleTree.VerifyConsistency(oldSize, n, oldRoot, otherRoot, proof).ShouldBeFalse();
            }
        }, iter: 300);
    }

    /// <summary>
    /// RFC 6962 section 2.1 read aloud: MTH, PATH and PROOF on lists, slicing and recomputing as
    /// the text does (quadratic, and fine for small trees). The oracle the fast code is held to;
    /// it shares no code with it, only SHA-256.
    /// </summary>
    static class Rfc6962
    {
        static byte[] Sha256(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

        /// <summary>The largest power of two smaller than n.</summary>
        static int K(int n)
        {
            var k = 1;
            while (k * 2 < n) k *= 2;
            return k;
        }

        public static byte[] Mth(byte[][] d) => d.Length switch
        {
            0 => Sha256(),
            1 => Sha256([0x00], d[0]),
            _ => Sha256([0x01], Mth(d[..K(d.Length)]), Mth(d[K(d.Length)..])),
        };

        public static List<byte[]> Path(int m, byte[][] d)
        {
            if (d.Length == 1) return [];
            var k = K(d.Length);
            return m < k ? [.. Path(m, d[..k]), Mth(d[k..])] : [.. Path(m - k, d[k..]), Mth(d[..k])];
        }

        public static List<byte[]> Proof(int m, byte[][] d) => Subproof(m, d, true);

        static List<byte[]> Subproof(int m, byte[][] d, bool b)
        {
            if (m == d.Length) return b ? [] : [Mth(d)];
            var k = K(d.Length);
            return m <= k ? [.. Subproof(m, d[..k], b), Mth(d[k..])] : [.. Subproof(m - k, d[k..], false), Mth(d[..k])];
        }
    }
}
