using EthicsLedger.Entries;

namespace EthicsLedger.Importing;

/// <summary>
/// What an import is checked against: every entry of the organizations the file touches, which
/// of the file's contents the ledger already holds, and the ledger-wide owners of the conduct ids
/// the file uses (a conduct id names one observation across the whole ledger). Entries are in
/// recording order, so they also tell where each stream's version and digest chain stand.
/// </summary>
public sealed record LedgerSnapshot(
    IReadOnlyList<Entry> Entries,
    IReadOnlySet<string> KnownContent,
    IReadOnlyDictionary<string, string> ConductContent)
{
    public static readonly LedgerSnapshot Empty = new([], new HashSet<string>(), new Dictionary<string, string>());
}
