using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EthicsLedger.Parsing;

/// <summary>
/// A SHA-256 hash held as its 32 bytes rather than as 64 hex characters (a 150-byte string): what a file's keys keep of
/// each line's content hash, so a million lines cost 32 MB of hashes, not 150 (issue 12).
/// </summary>
public readonly record struct Sha256(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>
    /// SHA-256 of <paramref name="data"/> into <paramref name="hash"/> (32 bytes), by one hasher per thread. A one-shot
    /// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> sets up OpenSSL's context again on every call, which on
    /// inputs of a few hundred bytes costs more than the hashing: verify hashes twice per event, a tree twice per leaf.
    /// </summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        var hasher = _hasher ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(data);
        hasher.GetHashAndReset(hash);
    }

    /// <inheritdoc cref="Hash(ReadOnlySpan{byte}, Span{byte})"/>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[32];
        Hash(data, hash);
        return hash;
    }

    /// <summary>The SHA-256 of <paramref name="data"/>, held as its 32 bytes.</summary>
    public static Sha256 Of(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[32];
        Hash(data, hash);
        return FromBytes(hash);
    }

    static Sha256 FromBytes(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));

    [ThreadStatic] static IncrementalHash? _hasher;

    /// <summary>Reads 64 hex digits (<see cref="CanonicalJson.Hash"/>'s form).</summary>
    public static Sha256 Parse(string hex)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (hex.Length != 64 || Convert.FromHexString(hex, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
            throw new FormatException($"'{hex}' is not a SHA-256 hash in hex");
        return FromBytes(bytes);
    }

    /// <summary>The 64 lowercase hex digits, as the ledger stores and compares content hashes.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
        return Convert.ToHexStringLower(bytes);
    }
}
