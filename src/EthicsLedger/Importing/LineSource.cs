using Microsoft.Win32.SafeHandles;

namespace EthicsLedger.Importing;

/// <summary>Where a file's lines are read again from while it is imported: its bytes in memory, or the file on disk.</summary>
public abstract class LineSource
{
    public abstract ReadOnlyMemory<byte> Read(long offset, int length);

    /// <summary>A file held in memory already (an upload): a line is a slice of it.</summary>
    public sealed class InMemory(ReadOnlyMemory<byte> file) : LineSource
    {
        public override ReadOnlyMemory<byte> Read(long offset, int length) => file.Slice((int)offset, length);
    }

    /// <summary>
    /// A file on disk, open for the whole import: a line is read from it each time the import needs its entry, so the
    /// file is never held in memory. Whoever changes the file meanwhile makes the import fail (<see cref="ParsedLine.Read"/>).
    /// </summary>
    public sealed class OnDisk : LineSource, IDisposable
    {
        readonly SafeFileHandle _handle;

        public OnDisk(string path)
        {
            Path = path;
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }

        public string Path { get; }

        public override ReadOnlyMemory<byte> Read(long offset, int length)
        {
            var line = new byte[length];
            var read = 0;
            while (read < length && RandomAccess.Read(_handle, line.AsSpan(read), offset + read) is var n and > 0) read += n;
            return line.AsMemory(0, read);
        }

        public void Dispose() => _handle.Dispose();
    }
}
