using EthicsLedger.Entries;

namespace EthicsLedger.Importing;

/// <summary>
/// What an import is checked against: the entries of the ledger that the file's new lines take part
/// with (registrations, the commitments they touch or may flag, conduct on those topics; see
/// <see cref="ILedgerReader.SnapshotForAsync"/>), which of the file's contents the ledger already holds,
/// and the ledger-wide owners of the conduct ids the file uses (a conduct id names one observation
/// across the whole ledger).
/// </summary>
public sealed record LedgerSnapshot(
    IReadOnlyList<Entry> Entries,
    IReadOnlySet<string> KnownContent,
    IReadOnlyDictionary<string, string> ConductContent)
{
    public static readonly LedgerSnapshot Empty = new([], new HashSet<string>(), new Dictionary<string, string>());
}
