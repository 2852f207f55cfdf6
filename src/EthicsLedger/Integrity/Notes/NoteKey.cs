using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace EthicsLedger.Integrity.Notes;

/// <summary>The signature type bytes of c2sp.org/signed-note this ledger uses.</summary>
public static class NoteSignatureType
{
    /// <summary>A log's own Ed25519 signature over the note text.</summary>
    public const byte Ed25519 = 0x01;

    /// <summary>A witness's timestamped Ed25519 cosignature (c2sp.org/tlog-cosignature).</summary>
    public const byte CosignatureV1 = 0x04;

    public static bool IsKnown(byte type) => type is Ed25519 or CosignatureV1;
}

/// <summary>
/// A verifier key of c2sp.org/signed-note: a name, a signature type and a 32-byte Ed25519 public
/// key. Its text form (a "vkey") is <c>name+hex(key ID)+base64(type || public key)</c>, the form
/// golang.org/x/mod/sumdb/note and every C2SP witness read.
/// </summary>
public sealed class NoteKey
{
    public const int PublicKeySize = 32;

    NoteKey(string name, byte type, byte[] publicKey)
    {
        Name = name;
        Type = type;
        PublicKey = publicKey;
        KeyId = IdOf(name, type, publicKey);
    }

    public string Name { get; }
    public byte Type { get; }
    public byte[] PublicKey { get; }

    /// <summary>SHA-256(name || 0x0A || type || public key)[:4], big-endian: binds the name and the type as well as the key.</summary>
    public uint KeyId { get; }

    public string Vkey => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([Type, .. PublicKey])}";

    public override string ToString() => Vkey;

    public static NoteKey Create(string name, byte type, byte[] publicKey)
    {
        if (!IsValidName(name)) throw new FormatException($"a key name must be non-empty, without spaces or '+': '{name}' is not");
        if (!NoteSignatureType.IsKnown(type)) throw new FormatException($"signature type 0x{type:x2} is not one this ledger uses (0x01 or 0x04)");
        if (publicKey.Length != PublicKeySize) throw new FormatException($"an Ed25519 public key has {PublicKeySize} bytes, not {publicKey.Length}");
        return new NoteKey(name, type, (byte[])publicKey.Clone());
    }

    /// <summary>Reads a vkey. Throws <see cref="FormatException"/> with the reason for anything but the one canonical form.</summary>
    public static NoteKey Parse(string vkey)
    {
        // The base64 part may itself hold '+', so only the first two '+' separate fields.
        var first = vkey.IndexOf('+');
        var second = first < 0 ? -1 : vkey.IndexOf('+', first + 1);
        if (second < 0) throw new FormatException("a vkey is name+keyid+key");
        var name = vkey[..first];
        var id = vkey[(first + 1)..second];
        var material = NoteBase64.Decode(vkey[(second + 1)..]) ?? throw new FormatException("the key of a vkey must be canonical base64");
        if (material.Length != 1 + PublicKeySize) throw new FormatException($"a vkey holds a type byte and a {PublicKeySize}-byte key");
        var key = Create(name, material[0], material[1..]);
        if (id.Length != 8 || id.Any(c => !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            || uint.Parse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) != key.KeyId)
            throw new FormatException($"the key id of a vkey must be the 8 lowercase hex digits {key.KeyId:x8}");
        return key;
    }

    public static uint IdOf(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        byte[] input = [.. Encoding.UTF8.GetBytes(name), 0x0A, type, .. publicKey];
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>Whether <paramref name="signature"/> (64 bytes, RFC 8032) signs <paramref name="message"/>. Never throws.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64) return false;
        try
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(PublicKey));
            verifier.BlockUpdate(message.ToArray(), 0, message.Length);
            return verifier.VerifySignature(signature.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Key names of c2sp.org/signed-note: non-empty, no Unicode spaces, no '+'.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || c == '+' || char.IsControl(c));
}

/// <summary>
/// The private half of a <see cref="NoteKey"/>. Its text form (an "skey") is
/// <c>PRIVATE+KEY+name+hex(key ID)+base64(type || 32-byte Ed25519 seed)</c>, as in golang.org/x/mod/sumdb/note.
/// </summary>
public sealed class NoteSigner
{
    const string Prefix = "PRIVATE+KEY+";
    readonly Ed25519PrivateKeyParameters _seed;

    NoteSigner(string name, byte type, Ed25519PrivateKeyParameters seed)
    {
        _seed = seed;
        Key = NoteKey.Create(name, type, seed.GeneratePublicKey().GetEncoded());
    }

    public NoteKey Key { get; }

    public static NoteSigner Generate(string name, byte type) =>
        new(name, type, new Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom()));

    public static NoteSigner Parse(string skey)
    {
        if (!skey.StartsWith(Prefix, StringComparison.Ordinal)) throw new FormatException("an skey starts with PRIVATE+KEY+");
        var rest = skey[Prefix.Length..].TrimEnd('\n');
        var first = rest.IndexOf('+');
        var second = first < 0 ? -1 : rest.IndexOf('+', first + 1);
        if (second < 0) throw new FormatException("an skey is PRIVATE+KEY+name+keyid+key");
        var material = NoteBase64.Decode(rest[(second + 1)..]);
        if (material is not { Length: 33 }) throw new FormatException("an skey holds a type byte and a 32-byte seed in canonical base64");
        var signer = new NoteSigner(rest[..first], material[0], new Ed25519PrivateKeyParameters(material, 1));
        if (!NoteSignatureType.IsKnown(material[0]) || rest[(first + 1)..second] != signer.Key.KeyId.ToString("x8", CultureInfo.InvariantCulture))
            throw new FormatException("the key id of the skey does not match its key");
        return signer;
    }

    public string Skey => $"{Prefix}{Key.Name}+{Key.KeyId:x8}+{Convert.ToBase64String([Key.Type, .. _seed.GetEncoded()])}";

    /// <summary>The same private key under another name: one key may sign for several origins, each with its own key id.</summary>
    public NoteSigner Renamed(string name) => new(name, Key.Type, _seed);

    /// <summary>An Ed25519 signature (RFC 8032, deterministic), 64 bytes.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _seed);
        signer.BlockUpdate(message.ToArray(), 0, message.Length);
        return signer.GenerateSignature();
    }
}
