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

        // Each line is parsed on its own, so the lines are parsed on every core, and kept in file order.
        var parsed = 0;
        var lines = numbered.AsParallel().AsOrdered().Select(l =>
        {
            var result = ParseLine(l.Number, l.Line);
            if (Interlocked.Increment(ref parsed) is var done && done % 1000 == 0) linesRead?.Report(done);
            return result;
        }).ToList();
        linesRead?.Report(number);
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
