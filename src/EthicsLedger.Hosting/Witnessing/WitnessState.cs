using System.Security.Cryptography;
using System.Text;
using EthicsLedger.Integrity.Notes;

namespace EthicsLedger.Hosting.Witnessing;

/// <summary>
/// What a witness remembers: per origin, the latest checkpoint it cosigned, one file each under
/// <c>DIR/logs/</c>. A file is replaced by writing a temporary file, flushing it to disk and renaming
/// it over the old one, so a crash leaves the old checkpoint or the new one, never half of either.
/// A lock file keeps a second witness process off the same folder: two writers could roll a log back.
/// </summary>
public sealed class WitnessState : IDisposable
{
    readonly string _logs;
    readonly FileStream _lock;

    WitnessState(string folder, FileStream held)
    {
        _logs = Path.Combine(folder, "logs");
        _lock = held;
        Directory.CreateDirectory(_logs);
    }

    public static WitnessState Open(string folder)
    {
        Directory.CreateDirectory(folder);
        try
        {
            return new WitnessState(folder, new FileStream(Path.Combine(folder, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"another witness is using the state folder {folder}");
        }
    }

    /// <summary>The latest checkpoint cosigned for <paramref name="origin"/>, or null if none yet (size 0).</summary>
    public CheckpointNote? Latest(string origin)
    {
        var path = PathOf(origin);
        return File.Exists(path) ? CheckpointNote.Parse(File.ReadAllText(path, Encoding.UTF8)) : null;
    }

    public void Store(CheckpointNote checkpoint)
    {
        var path = PathOf(checkpoint.Origin);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(Encoding.UTF8.GetBytes(checkpoint.Text));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    // Origins are arbitrary text; their hash makes a safe file name.
    string PathOf(string origin) => Path.Combine(_logs, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(origin))));

    public void Dispose() => _lock.Dispose();
}
