using System.Buffers.Binary;
using System.Text;

namespace EthicsLedger.Integrity.Notes;

/// <summary>
/// One signature line of a note: <c>— name base64(key ID (4 bytes, big-endian) || signature)</c>.
/// <see cref="Signature"/> is what follows the key ID: 64 bytes for Ed25519, 72 for a cosignature.
/// </summary>
public sealed record NoteSignature(string Name, uint KeyId, byte[] Signature)
{
    /// <summary>U+2014 EM DASH and a space open every signature line.</summary>
    public const string LinePrefix = "\u2014 ";

    /// <summary>The line, ending with its newline.</summary>
    public string Line
    {
        get
        {
            var bytes = new byte[4 + Signature.Length];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, KeyId);
            Signature.CopyTo(bytes, 4);
            return $"{LinePrefix}{Name} {Convert.ToBase64String(bytes)}\n";
        }
    }

    public bool IsBy(NoteKey key) => Name == key.Name && KeyId == key.KeyId;

    /// <summary>Reads one line without its newline; throws <see cref="FormatException"/> with the reason.</summary>
    public static NoteSignature ParseLine(string line)
    {
        if (!line.StartsWith(LinePrefix, StringComparison.Ordinal)) throw new FormatException("a signature line starts with '— '");
        var rest = line[LinePrefix.Length..];
        var space = rest.IndexOf(' ');
        if (space < 0) throw new FormatException("a signature line is '— name signature'");
        var name = rest[..space];
        if (!NoteKey.IsValidName(name)) throw new FormatException($"'{name}' is not a key name");
        var bytes = NoteBase64.Decode(rest[(space + 1)..]);
        // A key ID and at least one byte of signature.
        if (bytes is not { Length: > 4 }) throw new FormatException("a signature is canonical base64 of a key id and a signature");
        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]);
    }
}

/// <summary>
/// A note of c2sp.org/signed-note: a text ending in a newline, a blank line, then one or more
/// signature lines. <see cref="Text"/> is what is signed, with its final newline, without the blank line.
/// </summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    /// <summary>The spec asks verifiers to accept at least 16; more than this is refused as abuse.</summary>
    public const int MaxSignatures = 100;

    public string Format() => Text + "\n" + string.Concat(Signatures.Select(s => s.Line));

    public byte[] Bytes() => Encoding.UTF8.GetBytes(Format());

    public SignedNote With(IEnumerable<NoteSignature> more) =>
        this with { Signatures = [.. Signatures, .. more.Where(m => !Signatures.Any(s => s.Line == m.Line))] };

    public static SignedNote Sign(string text, NoteSigner signer)
    {
        CheckText(text);
        var signature = signer.Sign(Encoding.UTF8.GetBytes(text));
        return new SignedNote(text, [new NoteSignature(signer.Key.Name, signer.Key.KeyId, signature)]);
    }

    /// <summary>
    /// Whether some signature by <paramref name="key"/> (same name and key ID) verifies and none by it fails:
    /// a failing signature from a known key makes the whole note suspect.
    /// </summary>
    public bool IsSignedBy(NoteKey key)
    {
        var mine = Signatures.Where(s => s.IsBy(key)).ToList();
        var text = Encoding.UTF8.GetBytes(Text);
        return mine.Count > 0 && mine.All(s => key.Verify(text, s.Signature));
    }

    public static SignedNote Parse(string note) => Parse(Encoding.UTF8.GetBytes(note));

    /// <summary>Reads a note strictly; throws <see cref="FormatException"/> with the reason.</summary>
    public static SignedNote Parse(byte[] note)
    {
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(note); }
        catch (DecoderFallbackException) { throw new FormatException("a note must be valid UTF-8"); }
        if (text.Any(c => c < 0x20 && c != '\n')) throw new FormatException("a note holds no control characters but newline");
        if (!text.EndsWith('\n')) throw new FormatException("a note ends with a newline");
        // The last blank line separates the text (which may hold blank lines) from the signatures.
        var split = text.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) throw new FormatException("a note has a blank line before its signatures");
        var block = text[(split + 2)..];
        if (block.Length == 0) throw new FormatException("a note has at least one signature");
        var lines = block[..^1].Split('\n');
        if (lines.Length > MaxSignatures) throw new FormatException($"a note with more than {MaxSignatures} signatures is refused");
        return new SignedNote(text[..(split + 1)], lines.Select(NoteSignature.ParseLine).ToList());
    }

    static void CheckText(string text)
    {
        if (!text.EndsWith('\n') || text.Any(c => c < 0x20 && c != '\n'))
            throw new FormatException("a note's text ends with a newline and holds no other control characters");
    }
}
