namespace EthicsLedger.Projections.Commitments;

/// <summary>
/// One commitment at a glance: whose it is and what it is, how many events its stream holds, and
/// nothing more. How an import resolves a commitment id to its organization; what `commitment show` heads with.
/// </summary>
public sealed class CommitmentHistory
{
    /// <summary>The stream key, <c>commitment:&lt;slug&gt;</c>.</summary>
    public string Id { get; set; } = "";
    public string Commitment { get; set; } = "";
    public string Org { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Topic { get; set; } = "";
    public DateOnly MadeOn { get; set; }

    /// <summary>Events on the stream.</summary>
    public long StreamVersion { get; set; }
}
