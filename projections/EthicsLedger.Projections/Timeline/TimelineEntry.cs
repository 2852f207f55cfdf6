namespace EthicsLedger.Projections.Timeline;

/// <summary>
/// One row per entry in the ledger, keyed by its content hash: how an import recognises a line
/// the ledger already holds, finds who owns an id, and how replay lists entries with their sources.
/// </summary>
public sealed class TimelineEntry
{
    /// <summary>The entry's content hash.</summary>
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string Org { get; set; } = "";
    public string? Commitment { get; set; }

    /// <summary>The identity this entry claims, such as <c>conduct:&lt;id&gt;</c>, or null when it claims none.</summary>
    public string? Claim { get; set; }
    public DateOnly? On { get; set; }
    public DateTimeOffset Recorded { get; set; }
    public string Stream { get; set; } = "";
    public long Sequence { get; set; }
    public string? SourceUrl { get; set; }
}
