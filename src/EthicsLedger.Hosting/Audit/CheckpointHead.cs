using EthicsLedger.Integrity;

namespace EthicsLedger.Hosting.Audit;

/// <summary>
/// The last checkpoint the key holder signed for a ledger, kept beside the signing key — outside the
/// database, so whoever can rewrite the database cannot make the key holder forget what it signed.
/// The next checkpoint must extend it, and <c>verify</c> checks the database against it. Publish it
/// (or give it to auditors) as well: it is the same one-line JSON as a bundle's checkpoints.
/// </summary>
public static class CheckpointHead
{
    public static string PathFor(string keyFolder, string schema) => Path.Combine(keyFolder, $"{schema}.last-checkpoint.json");

    public static Checkpoint? Read(string keyFolder, string schema)
    {
        var path = PathFor(keyFolder, schema);
        return File.Exists(path) ? TrustedCheckpoint.Read(File.ReadAllBytes(path)) : null;
    }

    /// <summary>Written whole to a temporary file and renamed over the old one, so a crash never leaves half a record.</summary>
    public static void Write(string keyFolder, string schema, Checkpoint checkpoint)
    {
        Directory.CreateDirectory(keyFolder);
        var path = PathFor(keyFolder, schema);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, TrustedCheckpoint.Write(checkpoint));
        File.Move(temporary, path, overwrite: true);
    }
}
