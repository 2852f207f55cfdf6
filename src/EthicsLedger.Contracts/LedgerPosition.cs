namespace EthicsLedger.Contracts;

/// <summary>
/// Where the ledger event that published a message sits: its stream, its version in that stream
/// and its global sequence. Sequences only grow, so consumers can order by them.
/// </summary>
public sealed record LedgerPosition(string Stream, long Version, long Sequence);
