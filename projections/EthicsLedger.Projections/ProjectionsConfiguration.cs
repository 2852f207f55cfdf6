using EthicsLedger.Projections.Commitments;
using EthicsLedger.Projections.Organizations;
using JasperFx.Events.Projections;
using Marten;

namespace EthicsLedger.Projections;

public static class ProjectionsConfiguration
{
    /// <summary>
    /// Both read models are inline: written in the transaction that appends their events, so a
    /// query right after an import sees it, and a rolled-back import leaves none behind.
    /// </summary>
    public static StoreOptions ConfigureLedgerProjections(this StoreOptions options)
    {
        options.Projections.Add<CommitmentHistoryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<OrganizationHistoryProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<CommitmentHistory>().Index(x => x.Org);
        return options;
    }
}
