using System.Text;
using EthicsLedger.Integrity.Notes;

namespace EthicsLedger.Tests.Integrity.Notes;

/// <summary>
/// Signed notes byte for byte against the vectors of golang.org/x/mod/sumdb/note (the Go reference
/// implementation every C2SP witness shares): Ed25519 is deterministic, so signing the same text
/// with the same key must give exactly the published note.
/// </summary>
public class SignedNoteTests
{
    const string Vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const string Skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const string Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const string Note = Text + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    [Fact]
    public void the_reference_vkey_reads_and_writes_back_unchanged_with_its_key_id()
    {
        var key = NoteKey.Parse(Vkey);
        key.Name.ShouldBe("PeterNeumann");
        key.Type.ShouldBe(NoteSignatureType.Ed25519);
        key.KeyId.ShouldBe(0xc74f20a3u);
        key.Vkey.ShouldBe(Vkey);
    }

    [Fact]
    public void the_reference_skey_signs_the_reference_text_into_the_reference_note_byte_for_byte()
    {
        var signer = NoteSigner.Parse(Skey);
        signer.Skey.ShouldBe(Skey);
        signer.Key.Vkey.ShouldBe(Vkey);
        SignedNote.Sign(Text, signer).Format().ShouldBe(Note);
    }

    [Fact]
    public void the_reference_note_verifies_and_any_changed_text_does_not()
    {
        var key = NoteKey.Parse(Vkey);
        var note = SignedNote.Parse(Note);
        note.Text.ShouldBe(Text);
        note.IsSignedBy(key).ShouldBeTrue();
        SignedNote.Parse(Note.Replace("cryptography", "cryptographY")).IsSignedBy(key).ShouldBeFalse();
    }

    [Fact]
    public void a_signature_by_another_name_or_key_id_is_ignored_not_counted()
    {
        var key = NoteKey.Parse(Vkey);
        var other = NoteSigner.Generate("PeterNeumann2", NoteSignatureType.Ed25519);
        SignedNote.Sign(Text, other).IsSignedBy(key).ShouldBeFalse();
        SignedNote.Parse(Note).With(SignedNote.Sign(Text, other).Signatures).IsSignedBy(key).ShouldBeTrue();
    }

    [Fact]
    public void every_mangling_of_the_reference_vkey_is_refused()
    {
        // As note_test.go does: every proper substring, and every single byte changed.
        for (var i = 0; i < Vkey.Length; i++)
            for (var j = i + 1; j <= Vkey.Length; j++)
                if (i != 0 || j != Vkey.Length)
                    Should.Throw<FormatException>(() => NoteKey.Parse(Vkey[i..j]), Vkey[i..j]);
        for (var i = 0; i < Vkey.Length; i++)
        {
            var b = Encoding.ASCII.GetBytes(Vkey);
            b[i]++;
            var mangled = Encoding.ASCII.GetString(b);
            Should.Throw<FormatException>(() => NoteKey.Parse(mangled), mangled);
        }
    }

    [Theory]
    [InlineData("no blank line\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")]
    [InlineData("text\n\n")]
    [InlineData("text\n\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n")]
    [InlineData("text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNI uGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("text\n\n\u2014 Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("text\n\n\u2014 PeterNeumann x08gow==\n")]
    [InlineData("te\txt\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("te\rxt\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    public void malformed_notes_are_refused(string note) => Should.Throw<FormatException>(() => SignedNote.Parse(note));

    [Fact]
    public void a_note_that_is_not_utf8_is_refused() =>
        Should.Throw<FormatException>(() => SignedNote.Parse([.. Encoding.UTF8.GetBytes("te"), 0xff, .. Encoding.UTF8.GetBytes(Note[2..])]));

    [Fact]
    public void the_text_may_hold_blank_lines_the_last_one_separates_the_signatures()
    {
        var signer = NoteSigner.Generate("example.com/log", NoteSignatureType.Ed25519);
        var note = SignedNote.Sign("one\n\nthree\n", signer);
        var parsed = SignedNote.Parse(note.Format());
        parsed.Text.ShouldBe("one\n\nthree\n");
        parsed.IsSignedBy(signer.Key).ShouldBeTrue();
    }
}
