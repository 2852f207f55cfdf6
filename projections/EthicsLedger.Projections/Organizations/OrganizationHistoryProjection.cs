using EthicsLedger.Entries;
using JasperFx.Events;
using Marten.Events.Projections;

namespace EthicsLedger.Projections.Organizations;

/// <summary>Groups the events of an organization's stream and of all its commitments' streams into one document.</summary>
public partial class OrganizationHistoryProjection : MultiStreamProjection<OrganizationHistory, string>
{
    public OrganizationHistoryProjection()
    {
        foreach (var type in EntryTypes.ClrTypes.Values) IncludeType(type);
        Identity<Entry>(e => e.Org);
    }

    public override OrganizationHistory Evolve(OrganizationHistory? snapshot, string id, IEvent e)
    {
        var entry = (Entry)e.Data;
        var history = snapshot ?? new OrganizationHistory { Id = id };
        history.Entries.Add(entry);
        if (entry is ConductObserved conduct) history.ConductIds.Add(conduct.Id);
        return history;
    }
}
