using EthicsLedger.Integrity;
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

    /// <summary>Makes sure what the reads rely on exists (once per store): Marten's event tables and the ledger's indexes.</summary>
    Task PrepareAsync(IDocumentStore store, CancellationToken cancellation);

    /// <summary>
    /// What the file's rules need of the ledger: the registrations of the organizations it touches, every entry of
    /// the commitments it touches (or that a new conduct may flag), and their organizations' conduct on those topics.
    /// </summary>
    Task<LedgerSnapshot> SnapshotForAsync(IQuerySession session, IReadOnlyList<ParsedLine> lines, CancellationToken cancellation);

    /// <summary>Where each of these streams' chains stands (version, last digest and its recorded time); streams the ledger lacks are absent.</summary>
    Task<IReadOnlyDictionary<string, ChainHead>> HeadsAsync(IQuerySession session, IReadOnlyCollection<string> streams, CancellationToken cancellation);
}
