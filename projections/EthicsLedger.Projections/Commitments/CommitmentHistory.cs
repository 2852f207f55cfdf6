using EthicsLedger.Entries;
using EthicsLedger.Rules;

namespace EthicsLedger.Projections.Commitments;

/// <summary>Every entry on one commitment's stream: what the evaluator needs about it, read in one document.</summary>
public sealed class CommitmentHistory
{
    /// <summary>The stream key, <c>commitment:&lt;slug&gt;</c>.</summary>
    public string Id { get; set; } = "";
    public string Commitment { get; set; } = "";
    public string Org { get; set; } = "";

    /// <summary>Events on the stream: the expected version for the next append.</summary>
    public long StreamVersion { get; set; }

    public List<Entry> Entries { get; set; } = [];

    public CommitmentTimeline Timeline() => new(Entries.OfType<CommitmentEntry>());
}
