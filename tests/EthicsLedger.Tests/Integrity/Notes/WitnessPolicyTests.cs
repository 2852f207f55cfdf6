using EthicsLedger.Integrity.Notes;

namespace EthicsLedger.Tests.Integrity.Notes;

public class WitnessPolicyTests
{
    static readonly NoteSigner W1 = NoteSigner.Generate("witness.example/w1", NoteSignatureType.CosignatureV1);
    static readonly NoteSigner W2 = NoteSigner.Generate("witness.example/w2", NoteSignatureType.CosignatureV1);
    static readonly NoteSigner Log = NoteSigner.Generate("ethicsledger.example/ledger", NoteSignatureType.Ed25519);
    static readonly byte[] Root = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    static string Policy(int quorum) => $"""
        # two witnesses on loopback
        witness w1 {W1.Key.Vkey} http://127.0.0.1:7001
        witness w2 {W2.Key.Vkey}   # no URL: only for verifying
        quorum {quorum}
        """;

    static SignedNote Note(params NoteSigner[] cosigners)
    {
        var text = new CheckpointNote(Log.Key.Name, 5, Root).Text;
        var note = SignedNote.Sign(text, Log);
        return note.With(cosigners.Select(c => Cosignature.Sign(c, text, DateTimeOffset.UnixEpoch.AddYears(55))));
    }

    [Fact]
    public void a_policy_reads_its_witnesses_and_quorum()
    {
        var policy = WitnessPolicy.Parse(Policy(2));
        policy.Quorum.ShouldBe(2);
        policy.Witnesses.Select(w => w.Name).ShouldBe(["w1", "w2"]);
        policy.Witnesses[0].Url.ShouldBe(new Uri("http://127.0.0.1:7001"));
        policy.Witnesses[1].Url.ShouldBeNull();
    }

    [Fact]
    public void the_quorum_counts_distinct_witnesses_with_valid_cosignatures_on_that_checkpoint()
    {
        var policy = WitnessPolicy.Parse(Policy(2));
        policy.QuorumProblem(Note(W1, W2), 5, Root).ShouldBeNull();
        policy.QuorumProblem(Note(W1), 5, Root).ShouldNotBeNull().ShouldContain("1 of the 2");
        policy.QuorumProblem(Note(W1, W1), 5, Root).ShouldNotBeNull();
        policy.QuorumProblem(Note(W1, W2), 6, Root).ShouldNotBeNull();
        policy.QuorumProblem(Note(W1, W2), 5, new byte[32]).ShouldNotBeNull();
        policy.QuorumProblem(null, 5, Root).ShouldNotBeNull();
        WitnessPolicy.Parse(Policy(1)).QuorumProblem(Note(W2), 5, Root).ShouldBeNull();
    }

    [Fact]
    public void a_cosignature_from_a_witness_outside_the_policy_does_not_count()
    {
        var stranger = NoteSigner.Generate("witness.example/w1", NoteSignatureType.CosignatureV1);
        WitnessPolicy.Parse(Policy(1)).QuorumProblem(Note(stranger), 5, Root).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("quorum 1")]
    [InlineData("witness w1 {w1}\nquorum 2")]
    [InlineData("witness w1 {w1}")]
    [InlineData("witness w1 {w1}\nquorum 0")]
    [InlineData("witness w1 {w1}\nquorum one")]
    [InlineData("witness w1 {w1}\nquorum 1\nquorum 1")]
    [InlineData("witness w1 {w1}\nwitness w1 {w2}\nquorum 1")]
    [InlineData("witness w1 {w1}\nwitness w2 {w1}\nquorum 1")]
    [InlineData("witness w1 {w1} ftp://127.0.0.1\nquorum 1")]
    [InlineData("witness w1 {log}\nquorum 1")]
    [InlineData("witness w1 {w1}\nquorum 1\nlog {log}")]
    public void malformed_policies_are_refused_naming_the_line(string template)
    {
        var text = template.Replace("{w1}", W1.Key.Vkey).Replace("{w2}", W2.Key.Vkey).Replace("{log}", Log.Key.Vkey);
        Should.Throw<FormatException>(() => WitnessPolicy.Parse(text));
    }
}
