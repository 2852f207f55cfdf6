namespace EthicsLedger.Importing;

/// <summary>
/// What an import needs to read before it decides: implemented over the projections, so the
/// rules stay free of storage and the projections stay beside their read models.
/// </summary>
public interface ILedgerReader
{
    Task<LedgerSnapshot> SnapshotForAsync(IReadOnlyList<ParsedLine> lines, CancellationToken cancellation);
}
