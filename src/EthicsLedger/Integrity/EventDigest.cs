using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EthicsLedger.Entries;

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
        // Every event is digested on import and again on verify: the input is laid out in one pooled buffer, not in arrays of its own.
        var record = Record(type, stream, version, recorded, recordedBy, content);
        var buffer = ArrayPool<byte>.Shared.Rent(32 + Encoding.UTF8.GetMaxByteCount(record.Length));
        try
        {
            var chained = buffer.AsSpan(0, 32);
            chained.Clear();
            var previousBytes = Convert.FromHexString(previous);
            previousBytes.AsSpan(0, Math.Min(32, previousBytes.Length)).CopyTo(chained);
            var length = 32 + Encoding.UTF8.GetBytes(record, buffer.AsSpan(32));
            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length)));
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
    public static string Timestamp(DateTimeOffset recorded) =>
        recorded.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The recorded time the ledger stamps: now, to the microsecond.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
}
