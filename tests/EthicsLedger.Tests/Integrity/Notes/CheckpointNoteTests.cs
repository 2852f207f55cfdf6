using System.Text;
using EthicsLedger.Integrity;
using EthicsLedger.Integrity.Notes;

namespace EthicsLedger.Tests.Integrity.Notes;

/// <summary>The checkpoint text and the cosignature against the examples of c2sp.org/tlog-checkpoint and tlog-cosignature.</summary>
public class CheckpointNoteTests
{
    const string SpecCheckpoint = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    const string SpecCosignatureLine = "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==";

    [Fact]
    public void the_spec_checkpoint_reads_and_writes_back_unchanged()
    {
        var checkpoint = CheckpointNote.Parse(SpecCheckpoint);
        checkpoint.Origin.ShouldBe("example.com/behind-the-sofa");
        checkpoint.Size.ShouldBe(20852163);
        checkpoint.Root.Length.ShouldBe(32);
        checkpoint.Text.ShouldBe(SpecCheckpoint);
    }

    [Theory]
    [InlineData("example.com/log\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")]
    [InlineData("example.com/log\n020852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n+5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n")]
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n")]
    [InlineData("\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\nextension\n")]
    [InlineData("example.com/log\n5\n")]
    public void malformed_checkpoints_are_refused(string text) => Should.Throw<FormatException>(() => CheckpointNote.Parse(text));

    [Fact]
    public void the_spec_cosignature_line_holds_its_key_id_and_timestamp_in_the_spec_layout()
    {
        var line = NoteSignature.ParseLine(SpecCosignatureLine);
        line.Name.ShouldBe("witness.example.com/w1");
        line.KeyId.ShouldBe(0x8d66cf3fu);
        line.Signature.Length.ShouldBe(8 + 64);
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(line.Signature).ShouldBe(1679315147ul);
        line.Line.ShouldBe(SpecCosignatureLine + "\n");
    }

    [Fact]
    public void the_cosigned_message_is_the_spec_example_byte_for_byte() =>
        Encoding.UTF8.GetString(Cosignature.Message(SpecCheckpoint, 1679315147))
            .ShouldBe("cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");

    [Fact]
    public void a_cosignature_verifies_with_its_time_and_is_refused_on_other_text_or_by_another_key()
    {
        var witness = NoteSigner.Generate("witness.example/w1", NoteSignatureType.CosignatureV1);
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var line = Cosignature.Sign(witness, SpecCheckpoint, at);

        line.Signature.Length.ShouldBe(72);
        Cosignature.Verify(witness.Key, SpecCheckpoint, line).ShouldBe(at);
        Cosignature.Verify(witness.Key, SpecCheckpoint.Replace("20852163", "20852164"), line).ShouldBeNull();
        Cosignature.Verify(NoteSigner.Generate("witness.example/w1", NoteSignatureType.CosignatureV1).Key, SpecCheckpoint, line).ShouldBeNull();
        var otherTime = line with { Signature = [.. line.Signature] };
        otherTime.Signature[7]++;
        Cosignature.Verify(witness.Key, SpecCheckpoint, otherTime).ShouldBeNull();
    }

    [Fact]
    public void cosigner_key_ids_use_type_0x04_so_the_same_key_as_a_log_key_has_another_id()
    {
        var witness = NoteSigner.Generate("witness.example/w1", NoteSignatureType.CosignatureV1);
        var asLog = NoteKey.Create(witness.Key.Name, NoteSignatureType.Ed25519, witness.Key.PublicKey);
        witness.Key.KeyId.ShouldNotBe(asLog.KeyId);
        witness.Key.KeyId.ShouldBe(NoteKey.IdOf("witness.example/w1", 0x04, witness.Key.PublicKey));
        NoteKey.Parse(witness.Key.Vkey).Vkey.ShouldBe(witness.Key.Vkey);
    }

    [Fact]
    public void a_checkpoint_note_carries_the_merkle_root_in_base64()
    {
        var root = MerkleTree.Root([new byte[32]]);
        var text = new CheckpointNote("ethicsledger.example/ledger", 1, root).Text;
        text.ShouldBe($"ethicsledger.example/ledger\n1\n{Convert.ToBase64String(root)}\n");
        CheckpointNote.Parse(text).Matches(1, root).ShouldBeTrue();
    }
}
