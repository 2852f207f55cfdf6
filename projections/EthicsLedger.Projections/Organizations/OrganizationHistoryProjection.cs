using EthicsLedger.Entries;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EthicsLedger.Projections.Organizations;

public partial class OrganizationHistoryProjection : SingleStreamProjection<OrganizationHistory, string>
{
    public OrganizationHistoryProjection()
    {
        IncludeType<OrganizationRegistered>();
        IncludeType<ConductObserved>();
    }

    public override OrganizationHistory Evolve(OrganizationHistory? snapshot, string id, IEvent e)
    {
        var entry = (Entry)e.Data;
        var history = snapshot ?? new OrganizationHistory { Id = id, Org = entry.Org };
        history.Entries.Add(entry);
        history.StreamVersion++;
        return history;
    }
}
