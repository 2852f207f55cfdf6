using EthicsLedger.Entries;
using EthicsLedger.Projections.Commitments;
using EthicsLedger.Projections.Organizations;
using EthicsLedger.Rules;
using Marten;

namespace EthicsLedger.Projections;

/// <summary>The read side: an organization's ledger is one document, never a scan of the event store.</summary>
public static class LedgerQueries
{
    /// <summary>The organization as known at <paramref name="knownAt"/>, or null when it was not registered then.</summary>
    public static async Task<OrganizationLedger?> OrganizationAsync(
        this IQuerySession session, string org, DateTimeOffset knownAt, CancellationToken cancellation = default)
    {
        var history = await session.LoadAsync<OrganizationHistory>(org, cancellation);
        var ledger = history?.Ledger(knownAt);
        return ledger?.Registration is null ? null : ledger;
    }

    /// <summary>Every organization registered as known at <paramref name="knownAt"/>.</summary>
    public static async Task<IReadOnlyList<OrganizationLedger>> AllOrganizationsAsync(
        this IQuerySession session, DateTimeOffset knownAt, CancellationToken cancellation = default) =>
        (await session.Query<OrganizationHistory>().ToListAsync(cancellation))
            .Select(o => o.Ledger(knownAt))
            .Where(l => l.Registration is not null)
            .OrderBy(l => l.Org, StringComparer.Ordinal)
            .ToList();

    public static Task<CommitmentHistory?> CommitmentAsync(this IQuerySession session, string commitment, CancellationToken cancellation = default) =>
        session.LoadAsync<CommitmentHistory>(Streams.ForCommitment(commitment), cancellation);
}
