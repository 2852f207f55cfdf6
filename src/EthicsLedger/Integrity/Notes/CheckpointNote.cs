using System.Globalization;

namespace EthicsLedger.Integrity.Notes;

/// <summary>
/// The text of a c2sp.org/tlog-checkpoint note: the origin (the log's stable name), the tree size
/// in decimal and the RFC 6962 root in base64, each line ending with a newline. The ledger writes
/// no extension lines and, as a witness, accepts none: it would cosign text it makes no statement about.
/// </summary>
public sealed record CheckpointNote(string Origin, long Size, byte[] Root)
{
    public string Text => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(Root)}\n";

    public bool Matches(long size, byte[] root) => Size == size && Root.AsSpan().SequenceEqual(root);

    public static CheckpointNote Parse(string text)
    {
        if (!text.EndsWith('\n')) throw new FormatException("a checkpoint's lines each end with a newline");
        var lines = text[..^1].Split('\n');
        if (lines.Length < 3) throw new FormatException("a checkpoint has an origin, a tree size and a root hash");
        if (lines.Length > 3) throw new FormatException("checkpoints with extension lines are not accepted");
        var (origin, size, root) = (lines[0], lines[1], lines[2]);
        if (origin.Length == 0) throw new FormatException("a checkpoint's origin is not empty");
        if (ParseSize(size) is not { } treeSize) throw new FormatException($"'{size}' is not a tree size (decimal, no leading zeros)");
        if (NoteBase64.Decode(root) is not { Length: MerkleTree.HashSize } hash) throw new FormatException("a checkpoint's root is 32 bytes of canonical base64");
        return new CheckpointNote(origin, treeSize, hash);
    }

    /// <summary>A size as C2SP writes them: ASCII decimal, no sign, no leading zeros (0 is "0").</summary>
    public static long? ParseSize(string text) =>
        text.Length is > 0 and <= 19 && text.All(char.IsAsciiDigit) && (text == "0" || text[0] != '0')
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
