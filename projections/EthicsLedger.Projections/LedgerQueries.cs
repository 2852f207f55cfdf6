using EthicsLedger.Entries;
using EthicsLedger.Projections.Commitments;
using EthicsLedger.Projections.Organizations;
using EthicsLedger.Rules;
using Marten;

namespace EthicsLedger.Projections;

/// <summary>The read side: an organization's ledger from two documents' worth of queries, never the event store.</summary>
public static class LedgerQueries
{
    /// <summary>The organization as known at <paramref name="knownAt"/>, or null when it was not registered then.</summary>
    public static async Task<OrganizationLedger?> OrganizationAsync(
        this IQuerySession session, string org, DateTimeOffset knownAt, CancellationToken cancellation = default)
    {
        var organization = await session.LoadAsync<OrganizationHistory>(Streams.ForOrg(org), cancellation);
        if (organization is null) return null;
        var commitments = await session.Query<CommitmentHistory>().Where(c => c.Org == org).ToListAsync(cancellation);
        var ledger = OrganizationLedger.Of(org, organization.Entries.Concat(commitments.SelectMany(c => c.Entries)), knownAt);
        return ledger.Registration is null ? null : ledger;
    }

    /// <summary>Every organization registered as known at <paramref name="knownAt"/>, in two queries.</summary>
    public static async Task<IReadOnlyList<OrganizationLedger>> AllOrganizationsAsync(
        this IQuerySession session, DateTimeOffset knownAt, CancellationToken cancellation = default)
    {
        var organizations = await session.Query<OrganizationHistory>().ToListAsync(cancellation);
        var commitments = (await session.Query<CommitmentHistory>().ToListAsync(cancellation)).ToLookup(c => c.Org);
        return organizations
            .Select(o => OrganizationLedger.Of(o.Org, o.Entries.Concat(commitments[o.Org].SelectMany(c => c.Entries)), knownAt))
            .Where(l => l.Registration is not null)
            .OrderBy(l => l.Org, StringComparer.Ordinal)
            .ToList();
    }

    public static async Task<IReadOnlyList<string>> OrganizationIdsAsync(this IQuerySession session, CancellationToken cancellation = default) =>
        (await session.Query<OrganizationHistory>().Select(o => o.Org).ToListAsync(cancellation)).Order(StringComparer.Ordinal).ToList();

    public static Task<CommitmentHistory?> CommitmentAsync(this IQuerySession session, string commitment, CancellationToken cancellation = default) =>
        session.LoadAsync<CommitmentHistory>(Streams.ForCommitment(commitment), cancellation);
}
