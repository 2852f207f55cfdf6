using EthicsLedger.Entries;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EthicsLedger.Projections.Commitments;

public partial class CommitmentHistoryProjection : SingleStreamProjection<CommitmentHistory, string>
{
    public CommitmentHistoryProjection()
    {
        foreach (var type in EntryTypes.ClrTypes.Values.Where(t => t.IsAssignableTo(typeof(CommitmentEntry))))
            IncludeType(type);
    }

    public override CommitmentHistory Evolve(CommitmentHistory? snapshot, string id, IEvent e)
    {
        var entry = (CommitmentEntry)e.Data;
        var history = snapshot ?? new CommitmentHistory { Id = id, Commitment = entry.Commitment, Org = entry.Org };
        if (entry is CommitmentMade made)
        {
            history.Kind = made.Kind;
            history.Topic = made.Topic;
            history.MadeOn = made.On;
        }
        history.StreamVersion++;
        return history;
    }
}
