using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EthicsLedger.Integrity.Notes;

/// <summary>
/// A witness's cosignature/v1 (c2sp.org/tlog-cosignature, signature type 0x04): a note signature
/// whose bytes are an 8-byte big-endian POSIX timestamp and an Ed25519 signature over
/// <c>"cosignature/v1\ntime " timestamp "\n"</c> followed by the checkpoint's note text.
/// </summary>
public static class Cosignature
{
    public const string Header = "cosignature/v1";
    const int Length = 8 + 64;

    public static byte[] Message(string checkpointText, ulong timestamp) =>
        Encoding.UTF8.GetBytes($"{Header}\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{checkpointText}");

    public static NoteSignature Sign(NoteSigner cosigner, string checkpointText, DateTimeOffset at)
    {
        if (cosigner.Key.Type != NoteSignatureType.CosignatureV1) throw new ArgumentException("a cosigner key has signature type 0x04", nameof(cosigner));
        var timestamp = (ulong)at.ToUnixTimeSeconds();
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, timestamp);
        cosigner.Sign(Message(checkpointText, timestamp)).CopyTo(bytes, 8);
        return new NoteSignature(cosigner.Key.Name, cosigner.Key.KeyId, bytes);
    }

    /// <summary>When the cosigner signed, if <paramref name="signature"/> is its valid cosignature on the text; null otherwise.</summary>
    public static DateTimeOffset? Verify(NoteKey cosigner, string checkpointText, NoteSignature signature)
    {
        if (cosigner.Type != NoteSignatureType.CosignatureV1 || !signature.IsBy(cosigner) || signature.Signature.Length != Length) return null;
        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature.Signature);
        // The spec caps it at 2^63 - 1; past year 9999 no DateTimeOffset can say when, so such a time is refused too.
        if (timestamp > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return null;
        return cosigner.Verify(Message(checkpointText, timestamp), signature.Signature.AsSpan(8))
            ? DateTimeOffset.FromUnixTimeSeconds((long)timestamp)
            : null;
    }
}
