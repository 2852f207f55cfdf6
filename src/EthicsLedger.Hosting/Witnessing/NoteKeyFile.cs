using EthicsLedger.Integrity.Notes;

namespace EthicsLedger.Hosting.Witnessing;

/// <summary>
/// The ledger's Ed25519 note key, <c>ledger-note-key.skey</c> in the key folder beside the ECDSA
/// signing key (readable by its owner only), created on first use. The key signs under the
/// ledger's origin: one folder serving several schemas signs each origin with the same private
/// key, each under a vkey of its own (the key id covers the name).
/// </summary>
public static class NoteKeyFile
{
    public const string FileName = "ledger-note-key.skey";

    public static NoteSigner LoadOrCreate(string folder, string origin)
    {
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path)) return NoteSigner.Parse(File.ReadAllText(path)).Renamed(origin);
        var signer = NoteSigner.Generate(origin, NoteSignatureType.Ed25519);
        WritePrivate(path, signer.Skey + "\n");
        return signer;
    }

    /// <summary>A witness's cosigning key, kept in its state folder and created on first start.</summary>
    public static NoteSigner LoadOrCreateCosigner(string folder, string name)
    {
        var path = Path.Combine(folder, "witness-key.skey");
        if (File.Exists(path))
        {
            var existing = NoteSigner.Parse(File.ReadAllText(path));
            return existing.Key.Name == name ? existing
                : throw new InvalidOperationException($"the witness key in {folder} is named '{existing.Key.Name}', not '{name}'");
        }
        Directory.CreateDirectory(folder);
        var signer = NoteSigner.Generate(name, NoteSignatureType.CosignatureV1);
        WritePrivate(path, signer.Skey + "\n");
        return signer;
    }

    static void WritePrivate(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Created empty and private first, so the key is never readable by others, not even for a moment.
        using (File.Create(path)) { }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, text);
    }
}
