using EthicsLedger.Entries;
using EthicsLedger.Projections;
using EthicsLedger.Rules;
using Marten;

namespace EthicsLedger.Hosting.Reading;

/// <summary>Something asked for that the ledger does not hold (as known then): the command line exits 2, the server answers 404.</summary>
public sealed class NotInLedgerException(string message) : Exception(message);

/// <summary>One commitment with its organization's ledger, as the command line's <c>commitment show</c> and the server's commitment page read it.</summary>
public sealed record CommitmentRead(CommitmentMade Made, OrganizationLedger Organization, CommitmentTimeline Timeline);

/// <summary>
/// The reads every front end makes — the command line, the HTTP API and the web pages — over the
/// read models, with the one evaluator (<see cref="Evaluator"/>) applied by their callers.
/// </summary>
public static class LedgerReads
{
    /// <summary>An unregistered organization is an error, not an empty stance: a typo must not read as "no commitments".</summary>
    public static async Task<OrganizationLedger> OrganizationAsync(IDocumentStore store, string org, DateTimeOffset knownAt, CancellationToken cancellation)
    {
        return await store.OrganizationAsync(org, knownAt, cancellation)
            ?? throw new NotInLedgerException($"organization '{org}' is not registered (as known at {knownAt:yyyy-MM-ddTHH:mm:ssZ})");
    }

    public static Task<IReadOnlyList<OrganizationLedger>> OrganizationsAsync(IDocumentStore store, DateTimeOffset knownAt, CancellationToken cancellation) =>
        store.AllOrganizationsAsync(knownAt, cancellation);

    /// <summary>Flags as of a date, of one organization or all, in one state or every state.</summary>
    public static async Task<IReadOnlyList<(CommitmentStance Commitment, FlagView Flag)>> FlagsAsync(
        IDocumentStore store, string? org, string? state, DateOnly asOf, DateTimeOffset knownAt, CancellationToken cancellation)
    {
        var organizations = org is not null
            ? [await OrganizationAsync(store, org, knownAt, cancellation)]
            : await OrganizationsAsync(store, knownAt, cancellation);
        return organizations
            .SelectMany(o => Evaluator.Stance(o, asOf).Commitments)
            .SelectMany(c => c.Flags.Select(f => (Commitment: c, Flag: f)))
            .Where(x => state is null || x.Flag.State == state)
            .ToList();
    }

    public static async Task<CommitmentRead> CommitmentAsync(IDocumentStore store, string commitment, DateTimeOffset knownAt, CancellationToken cancellation)
    {
        var owner = await store.CommitmentOwnerAsync(commitment, cancellation)
            ?? throw new NotInLedgerException($"no commitment '{commitment}' in the ledger");
        var organization = await OrganizationAsync(store, owner, knownAt, cancellation);
        return organization.Commitments.TryGetValue(commitment, out var timeline) && timeline.Made is { } made
            ? new CommitmentRead(made, organization, timeline)
            : throw new NotInLedgerException($"no commitment '{commitment}' in the ledger (as known at {knownAt:yyyy-MM-ddTHH:mm:ssZ})");
    }

    public static readonly IReadOnlyList<string> FlagStateNames = [FlagStates.Alleged, FlagStates.Confirmed, FlagStates.Dismissed];
}
