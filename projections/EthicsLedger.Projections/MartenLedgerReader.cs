using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Projections.Commitments;
using EthicsLedger.Projections.Organizations;
using Marten;

namespace EthicsLedger.Projections;

/// <summary>Reads an import's snapshot from the projections: three queries, whatever the file's size.</summary>
public sealed class MartenLedgerReader : ILedgerReader
{
    public async Task<IReadOnlyDictionary<string, string>> OwnersAsync(
        IQuerySession session, IReadOnlyCollection<string> commitments, CancellationToken cancellation)
    {
        if (commitments.Count == 0) return new Dictionary<string, string>();
        var histories = await session.LoadManyAsync<CommitmentHistory>(cancellation, commitments.Select(Streams.ForCommitment).ToArray());
        return histories.ToDictionary(c => c.Commitment, c => c.Org);
    }

    public async Task<LedgerSnapshot> SnapshotForAsync(IQuerySession session, IReadOnlyList<ParsedLine> lines, CancellationToken cancellation)
    {
        var entries = lines.Select(l => l.Entry).OfType<Entry>().ToList();

        // A commitment's organization is known only to the ledger (amendments don't name it).
        var owners = await OwnersAsync(session, entries.OfType<CommitmentEntry>().Select(c => c.Commitment).ToHashSet(), cancellation);
        var orgs = entries.Where(e => e is not CommitmentEntry || e is CommitmentMade).Select(e => e.Org)
            .Concat(owners.Values).Distinct().ToArray();
        var organizations = await session.LoadManyAsync<OrganizationHistory>(cancellation, orgs);

        // Conduct ids are unique ledger-wide, so their owners may be organizations the file never names.
        var conductIds = entries.OfType<ConductObserved>().Select(c => c.Id).Distinct().ToArray();
        var conductOwners = conductIds.Length == 0 ? [] : await session.QueryAsync<OrganizationHistory>(
            "where jsonb_exists_any(data -> 'ConductIds', ?)", cancellation, new object[] { conductIds });

        var ledger = organizations.SelectMany(o => o.Entries).ToList();
        return new LedgerSnapshot(
            ledger,
            ledger.Select(e => e.ContentHash).ToHashSet(),
            conductOwners.SelectMany(o => o.Entries.OfType<ConductObserved>()).Where(c => conductIds.Contains(c.Id))
                .ToDictionary(c => c.Id, c => c.ContentHash));
    }
}
