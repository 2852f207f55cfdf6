using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Projections.Commitments;
using EthicsLedger.Projections.Organizations;
using EthicsLedger.Projections.Timeline;
using Marten;

namespace EthicsLedger.Projections;

/// <summary>Reads an import's snapshot from the projections: a handful of queries, whatever the file's size.</summary>
public sealed class MartenLedgerReader(IQuerySession session) : ILedgerReader
{
    public async Task<LedgerSnapshot> SnapshotForAsync(IReadOnlyList<ParsedLine> lines, CancellationToken cancellation)
    {
        var entries = lines.Select(l => l.Entry).OfType<Entry>().ToList();

        var hashes = entries.Select(e => e.ContentHash).Distinct().ToArray();
        var known = (await session.LoadManyAsync<TimelineEntry>(cancellation, hashes)).Select(t => t.Id).ToHashSet();

        var claims = entries.Select(TimelineProjection.ClaimOf).OfType<string>().Distinct().ToArray();
        var claimed = claims.Length == 0 ? [] : await session.Query<TimelineEntry>()
            .Where(t => t.Claim!.IsOneOf(claims)).ToListAsync(cancellation);

        var commitmentKeys = entries.OfType<CommitmentEntry>().Select(c => Streams.ForCommitment(c.Commitment)).Distinct().ToArray();
        var referenced = await session.LoadManyAsync<CommitmentHistory>(cancellation, commitmentKeys);
        var orgs = entries.Where(e => e is not CommitmentEntry || e is CommitmentMade).Select(e => e.Org)
            .Concat(referenced.Select(c => c.Org)).Distinct().ToArray();

        var organizations = await session.LoadManyAsync<OrganizationHistory>(cancellation, orgs.Select(Streams.ForOrg).ToArray());
        var commitments = await session.Query<CommitmentHistory>().Where(c => c.Org.IsOneOf(orgs)).ToListAsync(cancellation);

        return new LedgerSnapshot(
            organizations.SelectMany(o => o.Entries).Concat(commitments.SelectMany(c => c.Entries)).ToList(),
            known,
            claimed.ToDictionary(t => t.Claim!["conduct:".Length..], t => t.Id),
            organizations.ToDictionary(o => o.Id, o => o.StreamVersion)
                .Concat(commitments.Concat(referenced).DistinctBy(c => c.Id).Select(c => KeyValuePair.Create(c.Id, c.StreamVersion)))
                .ToDictionary());
    }
}
