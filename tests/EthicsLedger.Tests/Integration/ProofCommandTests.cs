using System.Text.Json;
using EthicsLedger.Integrity;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Integration;

public class ProofCommandTests : IClassFixture<BundleTests.TwoCheckpoints>
{
    readonly BundleTests.TwoCheckpoints _fixture;
    public ProofCommandTests(BundleTests.TwoCheckpoints fixture) => _fixture = fixture;

    static byte[] Hex(JsonElement e) => Convert.FromHexString(e.GetString()!);
    static List<byte[]> Hashes(JsonElement e) => e.EnumerateArray().Select(Hex).ToList();

    [Fact]
    public async Task an_inclusion_proof_puts_the_event_under_the_signed_root_and_fails_when_altered()
    {
        var run = await _fixture.RunAsync("prove", "inclusion", "org:amazon", "1", "--size", "13");
        run.Exit.ShouldBe(0, run.ToString());
        var proof = JsonDocument.Parse(run.Json).RootElement;
        var checkpoint = proof.GetProperty("checkpoint");
        var (leaf, index, size, root) = (Hex(proof.GetProperty("digest")), proof.GetProperty("leafIndex").GetInt64(),
            checkpoint.GetProperty("treeSize").GetInt64(), Hex(checkpoint.GetProperty("rootHash")));
        var path = Hashes(proof.GetProperty("proof"));

        MerkleTree.VerifyInclusion(leaf, index, size, path, root).ShouldBeTrue();
        path[0][0] ^= 1;
        MerkleTree.VerifyInclusion(leaf, index, size, path, root).ShouldBeFalse();
    }

    [Fact]
    public async Task a_consistency_proof_shows_the_later_checkpoint_extends_the_earlier_and_fails_when_altered()
    {
        var run = await _fixture.RunAsync("prove", "consistency", "13", "15");
        run.Exit.ShouldBe(0, run.ToString());
        var proof = JsonDocument.Parse(run.Json).RootElement;
        var (oldRoot, newRoot) = (Hex(proof.GetProperty("old").GetProperty("rootHash")), Hex(proof.GetProperty("new").GetProperty("rootHash")));
        var path = Hashes(proof.GetProperty("proof"));

        MerkleTree.VerifyConsistency(13, 15, oldRoot, newRoot, path).ShouldBeTrue();
        path[^1][5] ^= 1;
        MerkleTree.VerifyConsistency(13, 15, oldRoot, newRoot, path).ShouldBeFalse();
    }

    [Fact]
    public async Task proofs_for_what_no_checkpoint_covers_are_refused_with_a_reason()
    {
        var unknown = await _fixture.RunAsync("prove", "inclusion", "org:nobody", "1");
        var noSuchCheckpoint = await _fixture.RunAsync("prove", "consistency", "13", "14");

        unknown.Exit.ShouldBe(2);
        unknown.Errors.ShouldContain("there is no stream org:nobody");
        var beyond = await _fixture.RunAsync("prove", "inclusion", "org:amazon", "99");
        beyond.Exit.ShouldBe(2);
        beyond.Errors.ShouldContain("org:amazon has ");
        beyond.Errors.ShouldContain("not 99: there is no such event");
        beyond.Errors.ShouldNotContain("run checkpoint");
        noSuchCheckpoint.Exit.ShouldBe(2);
        noSuchCheckpoint.Errors.ShouldContain("no checkpoints of sizes 13 and 14");
    }
}
