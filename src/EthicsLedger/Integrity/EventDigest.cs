using System.Buffers;
using System.Globalization;
using System.Text;
using EthicsLedger.Entries;
using EthicsLedger.Parsing;

namespace EthicsLedger.Integrity;

/// <summary>
/// Each event's digest: SHA-256 over the previous digest of its stream and a plain-text record of
/// the event, so that changing, removing, inserting or reordering any event breaks every digest
/// after it. The record's exact bytes are specified in docs/verification.md for outside verifiers.
/// </summary>
public static class EventDigest
{
    public const string RecordVersion = "ethicsledger-event-v1";

    /// <summary>The record of an event that names who recorded it (<see cref="Entry.RecordedBy"/>).</summary>
    public const string RecordVersionWithIdentity = "ethicsledger-event-v2";

    /// <summary>What the first event of a stream is chained to.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(string previous, string type, string stream, long version, DateTimeOffset recorded, string? recordedBy, string content)
    {
        // Every event is digested on import and again on verify: the record is written straight into one pooled buffer,
        // the bytes Record's text encodes to, without that text or any other array being made.
        var buffer = ArrayPool<byte>.Shared.Rent(32 + 128 + Encoding.UTF8.GetMaxByteCount(type.Length + stream.Length + (recordedBy?.Length ?? 0) + content.Length));
        try
        {
            var chained = buffer.AsSpan(0, 32);
            chained.Clear();
            // A digest damaged in the database is not 64 hex digits: what of it decodes is chained, so the next digest fails to match.
            Convert.FromHexString(previous.AsSpan(0, Math.Min(64, previous.Length) & ~1), chained, out _, out _);
            var length = 32;
            void Line(ReadOnlySpan<char> text, bool last = false)
            {
                length += Encoding.UTF8.GetBytes(text, buffer.AsSpan(length));
                if (!last) buffer[length++] = (byte)'\n';
            }
            Line(recordedBy is null ? RecordVersion : RecordVersionWithIdentity);
            Line(type);
            Line(stream);
            Span<char> number = stackalloc char[20];
            version.TryFormat(number, out var digits, default, CultureInfo.InvariantCulture);
            Line(number[..digits]);
            Span<char> time = stackalloc char[32];
            recorded.UtcDateTime.TryFormat(time, out var written, TimestampFormat, CultureInfo.InvariantCulture);
            Line(time[..written]);
            if (recordedBy is not null) Line(recordedBy);
            Line(content, last: true);
            Span<byte> digest = stackalloc byte[32];
            Sha256.Hash(buffer.AsSpan(0, length), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string Compute(string previous, Entry entry, string stream, long version) =>
        Compute(previous, entry.Type, stream, version, entry.Recorded, entry.RecordedBy, entry.Content);

    /// <summary>
    /// v1 for an event with no recorder (every event before 0.9); v2, with the recorder on its own line
    /// before the content, otherwise. The first line tells the two apart, so no v1 record reads as a v2 one.
    /// </summary>
    public static string Record(string type, string stream, long version, DateTimeOffset recorded, string? recordedBy, string content) =>
        recordedBy is null
            ? $"{RecordVersion}\n{type}\n{stream}\n{version.ToString(CultureInfo.InvariantCulture)}\n{Timestamp(recorded)}\n{content}"
            : $"{RecordVersionWithIdentity}\n{type}\n{stream}\n{version.ToString(CultureInfo.InvariantCulture)}\n{Timestamp(recorded)}\n{recordedBy}\n{content}";

    /// <summary>UTC with exactly six fractional digits: PostgreSQL keeps microseconds, so the ledger records no finer.</summary>
    public static string Timestamp(DateTimeOffset recorded) => recorded.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>The recorded time the ledger stamps: now, to the microsecond.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
}
