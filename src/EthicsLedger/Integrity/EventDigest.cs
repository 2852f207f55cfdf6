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

    /// <summary>What the first event of a stream is chained to.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(string previous, string type, string stream, long version, DateTimeOffset recorded, string content)
    {
        var record = Encoding.UTF8.GetBytes(Record(type, stream, version, recorded, content));
        var input = new byte[32 + record.Length];
        Convert.FromHexString(previous).CopyTo(input, 0);
        record.CopyTo(input, 32);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    public static string Compute(string previous, Entry entry, string stream, long version) =>
        Compute(previous, entry.Type, stream, version, entry.Recorded, entry.Content);

    public static string Record(string type, string stream, long version, DateTimeOffset recorded, string content) =>
        $"{RecordVersion}\n{type}\n{stream}\n{version.ToString(CultureInfo.InvariantCulture)}\n{Timestamp(recorded)}\n{content}";

    /// <summary>UTC with exactly six fractional digits: PostgreSQL keeps microseconds, so the ledger records no finer.</summary>
    public static string Timestamp(DateTimeOffset recorded) =>
        recorded.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The recorded time the ledger stamps: now, to the microsecond.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
}
