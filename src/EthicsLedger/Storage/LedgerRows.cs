namespace EthicsLedger.Storage;

/// <summary>
/// Which rows of Marten's <c>mt_events</c> are the ledger's events: every one but Marten's own tombstones (stream
/// <c>mt_tombstone</c>, type <c>tombstone</c>: markers for sequence numbers a rolled-back write used). One rule for every
/// reader — the read models, the relay's reads, <c>verify</c>, <c>checkpoint</c>, <c>export</c> — so a row is either shown
/// and verified, or neither: a ledger entry forged onto the tombstone stream is verified like any other event (and fails),
/// and a forged tombstone is ignored by all (and so cannot claim content the ledger does not hold).
/// </summary>
public static class LedgerRows
{
    /// <summary>A SQL condition true for a ledger event; <paramref name="alias"/> names the row (<c>e</c>, or <c>new</c> in a trigger).</summary>
    public static string Only(string? alias = null)
    {
        var row = alias is null ? "" : alias + ".";
        return $"not ({row}stream_id = 'mt_tombstone' and {row}type = 'tombstone')";
    }
}
