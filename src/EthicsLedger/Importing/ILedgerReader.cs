using Marten;

namespace EthicsLedger.Importing;

/// <summary>
/// What an import needs to read before it decides: implemented over the projections, so the
/// rules stay free of storage and the projections stay beside their read models. Every read goes
/// through the import's own session, so it sees its transaction and the locks it holds.
/// </summary>
public interface ILedgerReader
{
    /// <summary>The organization of each of these commitments the ledger holds (a commitment's organization never changes).</summary>
    Task<IReadOnlyDictionary<string, string>> OwnersAsync(IQuerySession session, IReadOnlyCollection<string> commitments, CancellationToken cancellation);

    Task<LedgerSnapshot> SnapshotForAsync(IQuerySession session, IReadOnlyList<ParsedLine> lines, CancellationToken cancellation);
}
