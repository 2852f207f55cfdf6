using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace EthicsLedger.Integrity;

/// <summary>
/// The ledger's signing key: ECDSA P-256 with SHA-256, signatures in IEEE P1363 form (r‖s, 64
/// bytes). Its id is the first 16 hex digits of SHA-256 over the public key's SubjectPublicKeyInfo,
/// so a checkpoint names the key that signed it and keys can be rotated.
/// </summary>
public sealed class LedgerKey : IDisposable
{
    const string PrivateFile = "ledger-signing-key.pem";
    const string PublicFile = "ledger-signing-key.pub.pem";
    readonly ECDsa _key;

    LedgerKey(ECDsa key) => _key = key;

    public string Id => IdOf(PublicKey);
    public byte[] PublicKey => _key.ExportSubjectPublicKeyInfo();

    public static string IdOf(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..16];

    /// <summary>Loads the key kept in <paramref name="folder"/>, creating one on first use (readable by its owner only).</summary>
    public static LedgerKey LoadOrCreate(string folder)
    {
        var path = Path.Combine(folder, PrivateFile);
        if (File.Exists(path))
        {
            var existing = ECDsa.Create();
            existing.ImportFromPem(File.ReadAllText(path));
            return new LedgerKey(existing);
        }
        Directory.CreateDirectory(folder);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(folder, PublicFile), key.ExportSubjectPublicKeyInfoPem());
        return new LedgerKey(key);
    }

    /// <summary>
    /// The order of P-256's group. For any valid signature (r, s), (r, n − s) is valid too; only the
    /// one with s ≤ n/2 is accepted, so each signature has exactly one encoding.
    /// </summary>
    static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", NumberStyles.HexNumber);

    public byte[] Sign(byte[] data)
    {
        var signature = _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        if (s <= Order / 2) return signature;
        var low = (Order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        signature.AsSpan(32).Clear();
        low.CopyTo(signature.AsSpan(64 - low.Length));
        return signature;
    }

    public static bool Verify(byte[] subjectPublicKeyInfo, byte[] data, byte[] signature)
    {
        if (signature.Length != 64 || new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true) > Order / 2) return false;
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
