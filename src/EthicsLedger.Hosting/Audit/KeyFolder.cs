using System.Security.Cryptography;
using EthicsLedger.Hosting.Database;
using EthicsLedger.Integrity;

namespace EthicsLedger.Hosting.Audit;

/// <summary>
/// Where the ledger's signing key lives: <c>ETHICSLEDGER_KEYS</c>, else the git-ignored <c>.keys/</c>
/// of the repository, else <c>~/.ethicsledger/keys</c> — never in the database, so whoever can
/// write the database cannot sign. Public keys of retired keys stay beside it as <c>*.pub.pem</c>.
/// </summary>
public static class KeyFolder
{
    public const string EnvironmentVariable = "ETHICSLEDGER_KEYS";

    public static string Path()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var root = PostgresLocator.FindRepositoryRoot();
        return root is not null
            ? System.IO.Path.Combine(root, ".keys")
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ethicsledger", "keys");
    }

    public static LedgerKey SigningKey(string? folder = null) => LedgerKey.LoadOrCreate(folder ?? Path());

    /// <summary>Every public key the folder trusts, by key id: the current one and retired ones.</summary>
    public static IReadOnlyDictionary<string, byte[]> TrustedPublicKeys(string? folder = null)
    {
        var keys = new Dictionary<string, byte[]>();
        var path = folder ?? Path();
        if (!Directory.Exists(path)) return keys;
        foreach (var file in Directory.GetFiles(path, "*.pub.pem"))
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(file));
            var spki = key.ExportSubjectPublicKeyInfo();
            keys[LedgerKey.IdOf(spki)] = spki;
        }
        return keys;
    }
}
