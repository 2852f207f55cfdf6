using EthicsLedger.Integrity;
using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;
using Marten;
using Npgsql;

namespace EthicsLedger.Projections;

/// <summary>
/// Reads an import's snapshot from the events, through the ledger's indexes: a handful of queries whatever
/// the file's size, each returning only what the file's rules look at, so adding one entry to an organization
/// with a long history reads what adding it to a new one does.
/// </summary>
public sealed class MartenLedgerReader : ILedgerReader
{
    public Task PrepareAsync(IDocumentStore store, CancellationToken cancellation) => LedgerIndexes.EnsureAsync(store, cancellation);

    public async Task<IReadOnlyDictionary<string, string>> OwnersAsync(
        IQuerySession session, IReadOnlyCollection<string> commitments, CancellationToken cancellation) =>
        await Events(session).OwnersAsync(Connection(session), commitments, cancellation);

    public async Task<LedgerSnapshot> SnapshotForAsync(IQuerySession session, IReadOnlyList<ParsedLine> lines, CancellationToken cancellation)
    {
        var events = Events(session);
        var connection = Connection(session);
        // Lines the ledger already holds are set aside before any rule (ImportRules), so nothing is read for them:
        // re-importing a file the ledger holds reads its content hashes and nothing more.
        // Asked a block at a time, so a file's hashes are never all in memory as text at once; and the keys are walked
        // again for each question below rather than listed, so nothing here is kept per line (issue 12).
        var known = new HashSet<string>();
        foreach (var block in lines.Select(l => l.Key).OfType<LineKey>().Chunk(LedgerEvents.KeysPerQuery))
            known.UnionWith(await events.KnownContentAsync(connection, block.Select(k => k.ContentHash).ToArray(), cancellation));
        var knownHashes = known.Select(Sha256.Parse).ToHashSet();
        var keys = lines.Select(l => l.Key).OfType<LineKey>().Where(k => !knownHashes.Contains(k.Hash));

        // A commitment's organization is known only to the ledger (amendments don't name it).
        var owners = await events.OwnersAsync(connection, keys.Select(k => k.Commitment).OfType<string>().ToHashSet(), cancellation);
        var orgs = keys.Where(k => !k.FollowsCommitment).Select(k => k.Org).Concat(owners.Values).ToHashSet();
        var orgStreams = orgs.Select(Streams.ForOrg).ToArray();

        // The commitments the rules fold: those the file names, and those a new conduct of the file may flag (same topic).
        var conducts = keys.Where(k => k.Type == EntryTypes.ConductObserved).ToList();
        var conductTopics = conducts.Select(c => c.Topic!).ToHashSet();
        var flaggable = await events.CommitmentsOnTopicsAsync(connection, conducts.Select(c => c.Org).ToHashSet(), conductTopics, cancellation);
        var commitments = await events.OnStreamsAsync(connection,
            owners.Keys.Concat(flaggable).Select(Streams.ForCommitment).ToHashSet(), cancellation);

        // Conduct flags a commitment of its topic only, so only conduct on the topics folded is read.
        var topics = commitments.OfType<CommitmentMade>().Select(m => m.Topic)
            .Concat(keys.Where(k => k.Type == EntryTypes.CommitmentMade).Select(m => m.Topic!)).Concat(conductTopics).ToHashSet();
        var registrations = await events.OfTypeOnStreamsAsync(connection, EntryTypes.OrganizationRegistered, orgStreams, null, cancellation);
        var conduct = await events.OfTypeOnStreamsAsync(connection, EntryTypes.ConductObserved, orgStreams, topics, cancellation);

        // Conduct ids are unique ledger-wide, so their owners may be organizations the file never names.
        var conductContent = await events.ConductContentAsync(connection, conducts.Select(c => c.Conduct!).ToHashSet(), cancellation);

        return new LedgerSnapshot([.. registrations, .. conduct, .. commitments], known, conductContent);
    }

    public async Task<IReadOnlyDictionary<string, ChainHead>> HeadsAsync(
        IQuerySession session, IReadOnlyCollection<string> streams, CancellationToken cancellation) =>
        await Events(session).HeadsAsync(Connection(session), streams, cancellation);

    static LedgerEvents Events(IQuerySession session) => new(session.DocumentStore);

    /// <summary>The session's own connection: inside the import's transaction, under its locks.</summary>
    static NpgsqlConnection Connection(IQuerySession session) =>
        session.Connection ?? throw new InvalidOperationException("the import's session has no open connection");
}
