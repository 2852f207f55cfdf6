using EthicsLedger.Importing;

namespace EthicsLedger.Parsing;

/// <summary>
/// Splits a JSON Lines file into numbered lines: UTF-8 with an optional byte-order mark, LF or
/// CRLF, blank lines (only JSON white space) skipped, and no line over 64 KiB.
/// </summary>
public static class LedgerFile
{
    public const int MaxLineBytes = 64 * 1024;
    static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static IReadOnlyList<ParsedLine> Parse(ReadOnlyMemory<byte> file, IProgress<int>? linesRead = null)
    {
        var numbered = Split(file);
        return Numbered(numbered, linesRead, (_, number, line) => ParseLine(number, line));
    }

    /// <summary>What the ledger already holds, of these content hashes.</summary>
    public delegate Task<IReadOnlySet<string>> HeldContent(IReadOnlyCollection<string> hashes, CancellationToken cancellation);

    /// <summary>
    /// As <see cref="Parse"/>, but a line whose content the ledger already holds (<paramref name="held"/>) is only
    /// hashed, not read as an entry: it is set aside before any other check, so re-importing what the ledger holds
    /// costs a hash per line and one query. The ledger only grows, so what it held here it still holds when the import
    /// runs; a line held only by then is set aside by the import itself.
    /// </summary>
    public static async Task<IReadOnlyList<ParsedLine>> ParseAsync(ReadOnlyMemory<byte> file, HeldContent held,
        IProgress<int>? linesRead, CancellationToken cancellation)
    {
        var numbered = Split(file);
        var hashes = numbered.AsParallel().AsOrdered()
            .Select(l => l.Line.Length > MaxLineBytes ? null : EntryParser.ContentHashOf(l.Line)).ToArray();
        var known = await held(hashes.OfType<string>().ToHashSet(), cancellation);
        return Numbered(numbered, linesRead, (i, number, line) =>
            hashes[i] is { } hash && known.Contains(hash) ? new ParsedLine(number, null, null) { Held = true } : ParseLine(number, line));
    }

    static List<(int Number, ReadOnlyMemory<byte> Line)> Split(ReadOnlyMemory<byte> file)
    {
        if (file.Span.StartsWith(ByteOrderMark)) file = file[ByteOrderMark.Length..];
        var numbered = new List<(int Number, ReadOnlyMemory<byte> Line)>();
        var number = 0;
        while (file.Length > 0)
        {
            number++;
            var end = file.Span.IndexOf((byte)'\n');
            var line = end < 0 ? file : file[..end];
            file = end < 0 ? ReadOnlyMemory<byte>.Empty : file[(end + 1)..];
            if (line.Span.EndsWith("\r"u8)) line = line[..^1];
            if (!IsBlank(line.Span)) numbered.Add((number, line));
        }
        return numbered;
    }

    /// <summary>Each line is parsed on its own, so the lines are parsed on every core, and kept in file order.</summary>
    static List<ParsedLine> Numbered(List<(int Number, ReadOnlyMemory<byte> Line)> numbered, IProgress<int>? linesRead,
        Func<int, int, ReadOnlyMemory<byte>, ParsedLine> parse)
    {
        var parsed = 0;
        var lines = numbered.AsParallel().AsOrdered().Select((l, i) =>
        {
            var result = parse(i, l.Number, l.Line);
            if (Interlocked.Increment(ref parsed) is var done && done % 1000 == 0) linesRead?.Report(done);
            return result;
        }).ToList();
        linesRead?.Report(numbered.Count);
        return lines;
    }

    static ParsedLine ParseLine(int number, ReadOnlyMemory<byte> line)
    {
        if (line.Length > MaxLineBytes)
            return new ParsedLine(number, null, $"the line is {line.Length} bytes long; at most {MaxLineBytes} (64 KiB) are allowed");
        try { return new ParsedLine(number, EntryParser.Parse(line), null); }
        catch (EntryException e) { return new ParsedLine(number, null, e.Message, EntryParser.Declaration(line)); }
    }

    static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r\n"u8) < 0;
}
