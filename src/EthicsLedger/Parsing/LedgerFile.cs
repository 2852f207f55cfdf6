using System.Runtime.CompilerServices;
using EthicsLedger.Importing;

namespace EthicsLedger.Parsing;

/// <summary>
/// Splits a JSON Lines file into numbered lines: UTF-8 with an optional byte-order mark, LF or
/// CRLF, blank lines (only JSON white space) skipped, and no line over 64 KiB.
/// A file is read a block of lines at a time, so what is kept of it is each line's key and where the line is
/// (<see cref="ParsedLine"/>), never the file itself when it is on disk.
/// </summary>
public static class LedgerFile
{
    public const int MaxLineBytes = 64 * 1024;
    static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>About this many bytes of lines are hashed, looked up and parsed together (a longer line is one block).</summary>
    const int BlockBytes = 4 * 1024 * 1024;

    /// <summary>What the ledger already holds, of a file's content hashes (<paramref name="count"/> of them; some may repeat).</summary>
    /// <remarks>The hashes as they were read, not a set made of them: at a million lines a set is 50 MB more at the import's peak.</remarks>
    public delegate Task<IReadOnlySet<Sha256>> HeldContent(IEnumerable<Sha256> hashes, int count, CancellationToken cancellation);

    public static IReadOnlyList<ParsedLine> Parse(ReadOnlyMemory<byte> file)
    {
        var source = new LineSource.InMemory(file);
        var (parsed, ids, number) = (new List<ParsedLine>(), new SharedIds(), 0);
        foreach (var (block, offset) in Blocks(file))
        {
            var lines = Split(block, offset, ref number);
            parsed.AddRange(ParseAll(lines, source, null, null, ids));
        }
        return parsed;
    }

    /// <summary>
    /// As <see cref="Parse"/>, but a line whose content the ledger already holds (<paramref name="held"/>) is only
    /// hashed, not read as an entry: it is set aside before any other check. The ledger only grows, so what it held here
    /// it still holds when the import runs; a line held only by then is set aside by the import itself.
    /// </summary>
    public static Task<IReadOnlyList<ParsedLine>> ParseAsync(ReadOnlyMemory<byte> file, HeldContent held, CancellationToken cancellation) =>
        ParseAsync(_ => ToAsync(Blocks(file)), new LineSource.InMemory(file), held, null, cancellation);

    /// <summary>As the other overload, for a file on disk, read here twice and again line by line as the import needs each line.</summary>
    /// <param name="bytesRead">How far into the file the lines are parsed (the first reading counts as the first half).</param>
    public static Task<IReadOnlyList<ParsedLine>> ParseAsync(LineSource.OnDisk file, HeldContent held, IProgress<long>? bytesRead,
        CancellationToken cancellation) =>
        ParseAsync(token => Blocks(file.Path, token), file, held, bytesRead, cancellation);

    /// <summary>
    /// Two readings. The first hashes every line and asks once, for the whole file, which of the hashes the ledger holds:
    /// one question lets PostgreSQL join the file's hashes with the events in one pass, where asking block by block
    /// fetches one event row per held line (most of a re-import's time). The second parses the lines not held. Each
    /// block's SHA-256 is kept from the first reading, so a file that changed in between is refused, not half trusted.
    /// </summary>
    static async Task<IReadOnlyList<ParsedLine>> ParseAsync(Func<CancellationToken, IAsyncEnumerable<(ReadOnlyMemory<byte> Block, long Offset)>> blocks,
        LineSource source, HeldContent held, IProgress<long>? bytesRead, CancellationToken cancellation)
    {
        // Each block's hashes in an array of its own, let go once the block is parsed: one list of a million would be
        // copied into ever larger arrays as it grew, and all of it kept until the last block.
        var (hashes, digests, number, size) = (new List<Sha256?[]?>(), new List<Sha256>(), 0, 0L);
        await foreach (var (block, offset) in blocks(cancellation))
        {
            digests.Add(Sha256.Of(block.Span));
            var lines = Split(block, offset, ref number);
            hashes.Add(lines.AsParallel().AsOrdered().Select(l => l.Line.Length > MaxLineBytes ? null : EntryParser.ContentHashOf(l.Line)).ToArray());
            size = offset + block.Length;
            bytesRead?.Report(size / 2);
        }
        var known = await held(hashes.SelectMany(b => b!).OfType<Sha256>(), hashes.Sum(b => b!.Count(h => h is not null)), cancellation);

        var (parsed, ids, read) = (new List<ParsedLine>(hashes.Sum(b => b!.Length)), new SharedIds(), 0);
        number = 0;
        await foreach (var (block, offset) in blocks(cancellation))
        {
            var lines = Split(block, offset, ref number);
            if (read == digests.Count || Sha256.Of(block.Span) != digests[read]) throw new FileChangedException(lines.FirstOrDefault().Number);
            parsed.AddRange(ParseAll(lines, source, hashes[read]!, known, ids));
            hashes[read++] = null;
            bytesRead?.Report((size + offset + block.Length) / 2);
        }
        if (read != digests.Count) throw new FileChangedException(number);
        return parsed;
    }

    /// <summary>Each line is parsed on its own, so the lines are parsed on every core, and kept in file order.</summary>
    /// <param name="hashes">These lines' content hashes, line by line.</param>
    static List<ParsedLine> ParseAll(List<NumberedLine> lines, LineSource source, Sha256?[]? hashes, IReadOnlySet<Sha256>? known, SharedIds ids) =>
        lines.AsParallel().AsOrdered().Select((l, i) =>
            hashes?[i] is { } hash && known!.Contains(hash) ? ParsedLine.HeldLine(l.Number) : ParseLine(l, source, ids)).ToList();

    static ParsedLine ParseLine(NumberedLine line, LineSource source, SharedIds ids)
    {
        if (line.Line.Length > MaxLineBytes)
            return ParsedLine.Refused(line.Number, $"the line is {line.Line.Length} bytes long; at most {MaxLineBytes} (64 KiB) are allowed");
        try
        {
            var entry = EntryParser.Parse(line.Line);
            return ParsedLine.Accepted(line.Number, source, line.Offset, line.Line.Length, LineKey.Of(entry, ids.Of));
        }
        catch (EntryException e) { return ParsedLine.Refused(line.Number, e.Message, EntryParser.Declaration(line.Line)); }
    }

    readonly record struct NumberedLine(int Number, long Offset, ReadOnlyMemory<byte> Line);

    /// <summary>The non-blank lines of a block that starts at <paramref name="offset"/> in the file; <paramref name="number"/> counts every line.</summary>
    static List<NumberedLine> Split(ReadOnlyMemory<byte> block, long offset, ref int number)
    {
        if (offset == 0 && block.Span.StartsWith(ByteOrderMark)) (block, offset) = (block[ByteOrderMark.Length..], ByteOrderMark.Length);
        var numbered = new List<NumberedLine>();
        while (block.Length > 0)
        {
            number++;
            var end = block.Span.IndexOf((byte)'\n');
            var line = end < 0 ? block : block[..end];
            if (line.Span.EndsWith("\r"u8)) line = line[..^1];
            if (!IsBlank(line.Span)) numbered.Add(new NumberedLine(number, offset, line));
            var next = end < 0 ? block.Length : end + 1;
            (block, offset) = (block[next..], offset + next);
        }
        return numbered;
    }

    /// <summary>The file cut into blocks of whole lines, each with its offset.</summary>
    static IEnumerable<(ReadOnlyMemory<byte> Block, long Offset)> Blocks(ReadOnlyMemory<byte> file)
    {
        var offset = 0;
        while (offset < file.Length)
        {
            var rest = file[offset..];
            var length = rest.Length <= BlockBytes ? rest.Length : WholeLines(rest.Span, BlockBytes);
            yield return (rest[..length], offset);
            offset += length;
        }
    }

    /// <summary>As many whole lines as fit in <paramref name="size"/> bytes (at least one line, however long).</summary>
    static int WholeLines(ReadOnlySpan<byte> bytes, int size)
    {
        var last = bytes[..size].LastIndexOf((byte)'\n');
        if (last >= 0) return last + 1;
        var next = bytes[size..].IndexOf((byte)'\n');
        return next < 0 ? bytes.Length : size + next + 1;
    }

    /// <summary>
    /// A file on disk read in blocks of whole lines. The buffer is reused: a block is valid until the next is asked for,
    /// and the lines keep only where they are.
    /// </summary>
    static async IAsyncEnumerable<(ReadOnlyMemory<byte> Block, long Offset)> Blocks(string path, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[BlockBytes];
        var (filled, offset, ended) = (0, 0L, false);
        while (!ended || filled > 0)
        {
            while (!ended && filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellation);
                if (read == 0) ended = true;
                filled += read;
            }
            if (filled == 0) break;
            var lines = ended ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            if (lines == 0)
            {
                // One line longer than the buffer: read on until it ends (it is refused, but its end is where the next starts).
                Array.Resize(ref buffer, buffer.Length * 2);
                continue;
            }
            yield return (buffer.AsMemory(0, lines), offset);
            buffer.AsSpan(lines, filled - lines).CopyTo(buffer);
            (filled, offset) = (filled - lines, offset + lines);
        }
    }

    static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items) yield return item;
        await Task.CompletedTask;
    }

    /// <summary>One string per distinct id of a file, shared by the lines' keys, across the threads that parse them.</summary>
    sealed class SharedIds
    {
        readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);
        public string Of(string id) => _ids.GetOrAdd(id, id);
    }

    static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r\n"u8) < 0;
}
