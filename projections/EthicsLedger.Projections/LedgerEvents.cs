using EthicsLedger.Entries;
using EthicsLedger.Integrity;
using EthicsLedger.Parsing;
using EthicsLedger.Storage;
using Marten;
using Npgsql;

namespace EthicsLedger.Projections;

/// <summary>
/// The read side: entries read straight from Marten's event table through the ledger's indexes
/// (<see cref="LedgerIndexes"/>), so a read touches only the rows it needs and a new entry is one row
/// more, never a rewritten document. Every method runs on the connection it is given, so an import
/// reads inside its own transaction, under its locks.
/// </summary>
public sealed class LedgerEvents(string schema)
{
    public LedgerEvents(IDocumentStore store) : this(store.Options.Events.DatabaseSchemaName) { }

    string Events => $"{schema}.mt_events";

    /// <summary>Every entry about one organization (its own stream and its commitments'), in recording order.</summary>
    public Task<List<Entry>> OfOrganizationAsync(NpgsqlConnection connection, string org, CancellationToken cancellation) =>
        ReadAsync(connection, $"select {Stamped} from {Events} where data ->> 'Org' = @org and {LedgerRows.Only()} order by seq_id", cancellation, ("org", org));

    /// <summary>Every entry of the ledger, organization by organization (each in recording order): one pass over the org index.</summary>
    public async IAsyncEnumerable<(string Org, List<Entry> Entries)> AllOrganizationsAsync(NpgsqlConnection connection,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select {Stamped} from {Events} where data ->> 'Org' is not null and {LedgerRows.Only()} order by data ->> 'Org', seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        string? org = null;
        var entries = new List<Entry>();
        while (await reader.ReadAsync(cancellation))
        {
            var next = reader.GetString(1);
            if (org is not null && next != org)
            {
                yield return (org, entries);
                entries = [];
            }
            org = next;
            entries.Add(Read(reader));
        }
        if (org is not null) yield return (org, entries);
    }

    /// <summary>Every entry on these streams, in recording order.</summary>
    public Task<List<Entry>> OnStreamsAsync(NpgsqlConnection connection, IReadOnlyCollection<string> streams, CancellationToken cancellation) =>
        streams.Count == 0 ? Task.FromResult(new List<Entry>()) :
        ReadAsync(connection, $"select {Stamped} from {Events} where stream_id = any(@streams) and {LedgerRows.Only()} order by seq_id", cancellation, ("streams", streams.ToArray()));

    /// <summary>The entries of these types on these streams, restricted to these topics when given.</summary>
    public Task<List<Entry>> OfTypeOnStreamsAsync(NpgsqlConnection connection, string type, IReadOnlyCollection<string> streams,
        IReadOnlyCollection<string>? topics, CancellationToken cancellation) =>
        streams.Count == 0 || topics is { Count: 0 } ? Task.FromResult(new List<Entry>()) :
        ReadAsync(connection, $"""
            select {Stamped} from {Events} where stream_id = any(@streams) and type = @type and {LedgerRows.Only()}
            {(topics is null ? "" : "and data ->> 'Topic' = any(@topics)")} order by seq_id
            """, cancellation, ("streams", streams.ToArray()), ("type", type), ("topics", (topics ?? []).ToArray()));

    /// <summary>The organization of each of these commitments the ledger holds (the first event of its stream names it).</summary>
    public async Task<Dictionary<string, string>> OwnersAsync(NpgsqlConnection connection, IReadOnlyCollection<string> commitments, CancellationToken cancellation)
    {
        var owners = new Dictionary<string, string>();
        if (commitments.Count == 0) return owners;
        await using var command = new NpgsqlCommand(
            $"select data ->> 'Commitment', data ->> 'Org' from {Events} where stream_id = any(@streams) and version = 1 and {LedgerRows.Only()}", connection);
        command.Parameters.AddWithValue("streams", commitments.Select(Streams.ForCommitment).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) owners[reader.GetString(0)] = reader.GetString(1);
        return owners;
    }

    /// <summary>The commitments of these organizations on these topics (what a new conduct may flag).</summary>
    public async Task<List<string>> CommitmentsOnTopicsAsync(NpgsqlConnection connection, IReadOnlyCollection<string> orgs,
        IReadOnlyCollection<string> topics, CancellationToken cancellation)
    {
        var commitments = new List<string>();
        if (orgs.Count == 0 || topics.Count == 0) return commitments;
        await using var command = new NpgsqlCommand($"""
            select data ->> 'Commitment' from {Events}
            where type = '{EntryTypes.CommitmentMade}' and data ->> 'Org' = any(@orgs) and data ->> 'Topic' = any(@topics) and {LedgerRows.Only()}
            """, connection);
        command.Parameters.AddWithValue("orgs", orgs.ToArray());
        command.Parameters.AddWithValue("topics", topics.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) commitments.Add(reader.GetString(0));
        return commitments;
    }

    /// <summary>The content hash of each of these conduct ids the ledger holds, whichever organization holds it.</summary>
    public Task<Dictionary<string, string>> ConductContentAsync(NpgsqlConnection connection, IReadOnlyCollection<string> ids, CancellationToken cancellation) =>
        PairsAsync(connection, $"""
            select data ->> 'Id', data ->> 'ContentHash' from {Events}
            where type = '{EntryTypes.ConductObserved}' and data ->> 'Id' = any(@keys) and {LedgerRows.Only()}
            """, ids, cancellation);

    /// <summary>
    /// Which of these content hashes the ledger holds: one probe of the content index per hash. (A hash index cannot take
    /// <c>= any(array)</c> itself, and the bitmap scan PostgreSQL makes of it instead rechecks every row against the
    /// whole array: seconds for a hundred thousand hashes, where the probes take a fraction of one.)
    /// </summary>
    public async Task<HashSet<string>> KnownContentAsync(NpgsqlConnection connection, IReadOnlyCollection<string> hashes, CancellationToken cancellation) =>
        (await PairsAsync(connection,
            $"select k.hash, '' from unnest(@keys) as k(hash) where exists (select 1 from {Events} e where e.data ->> 'ContentHash' = k.hash and {LedgerRows.Only("e")})",
            hashes, cancellation))
        .Keys.ToHashSet();

    /// <summary>
    /// Which of a whole file's content hashes the ledger holds, asked once. A few are probed in the content index
    /// (<see cref="KnownContentAsync"/>). Many go to a temporary table, joined with the events in one pass: a probe fetches
    /// the event row of each hash it finds, at random, and a re-import of 100,000 lines spent most of its time there.
    /// With the table's statistics, PostgreSQL still probes when the file is small beside the ledger.
    /// </summary>
    /// <param name="count">How many <paramref name="hashes"/> there are (some may repeat), so they are read only once.</param>
    public async Task<HashSet<Sha256>> HeldContentAsync(NpgsqlConnection connection, IEnumerable<Sha256> hashes, int count, CancellationToken cancellation)
    {
        if (count <= KeysPerQuery)
            return (await KnownContentAsync(connection, hashes.Select(h => h.ToString()).ToHashSet(), cancellation)).Select(Sha256.Parse).ToHashSet();
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var create = new NpgsqlCommand("create temporary table ledger_file_content (hash text) on commit drop", connection))
            await create.ExecuteNonQueryAsync(cancellation);
        await using (var copy = await connection.BeginBinaryImportAsync("copy ledger_file_content (hash) from stdin (format binary)", cancellation))
        {
            foreach (var hash in hashes)
            {
                await copy.StartRowAsync(cancellation);
                await copy.WriteAsync(hash.ToString(), NpgsqlTypes.NpgsqlDbType.Text, cancellation);
            }
            await copy.CompleteAsync(cancellation);
        }
        // Statistics of a few thousand rows tell the planner what it needs (how many, all distinct) in a tenth of the default's time.
        // The join hashes the file's hashes: a million of them are about 100 MB, and in the default 4 MB of work memory the
        // hash spills to disk in batches (3.6 s against 2.2 s, measured at 1,000,000 against 1,000,000 events).
        await using (var analyze = new NpgsqlCommand(
            "set local default_statistics_target = 10; analyze ledger_file_content; set local work_mem = '128MB'", connection))
            await analyze.ExecuteNonQueryAsync(cancellation);
        var held = new HashSet<Sha256>();
        await using (var query = new NpgsqlCommand(
            $"select e.data ->> 'ContentHash' from {Events} e where e.data ->> 'ContentHash' in (select hash from ledger_file_content) and {LedgerRows.Only("e")}", connection))
        await using (var reader = await query.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation)) held.Add(Sha256.Parse(reader.GetString(0)));
        await transaction.CommitAsync(cancellation);
        return held;
    }

    /// <summary>Where each of these streams' chains stands: its version, and its last event's digest and recorded time.</summary>
    public async Task<Dictionary<string, ChainHead>> HeadsAsync(NpgsqlConnection connection, IReadOnlyCollection<string> streams, CancellationToken cancellation)
    {
        var heads = new Dictionary<string, ChainHead>();
        if (streams.Count == 0) return heads;
        await using var command = new NpgsqlCommand($"""
            select s.id, s.version, e.data ->> 'Digest', e.timestamp from {schema}.mt_streams s
            join {Events} e on e.stream_id = s.id and e.version = s.version
            where s.id = any(@streams)
            """, connection);
        command.Parameters.AddWithValue("streams", streams.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            heads[reader.GetString(0)] = new ChainHead(reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
        return heads;
    }

    /// <summary>Keys per query: a million keys in one array parameter cost hundreds of megabytes to send, for no gain in speed.</summary>
    public const int KeysPerQuery = 20_000;

    async Task<Dictionary<string, string>> PairsAsync(NpgsqlConnection connection, string sql, IReadOnlyCollection<string> keys, CancellationToken cancellation)
    {
        var pairs = new Dictionary<string, string>();
        foreach (var chunk in keys.Chunk(KeysPerQuery))
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("keys", chunk);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation)) pairs.TryAdd(reader.GetString(0), reader.GetString(1));
        }
        return pairs;
    }

    async Task<List<Entry>> ReadAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var entries = new List<Entry>();
        while (await reader.ReadAsync(cancellation)) entries.Add(Read(reader));
        return entries;
    }

    /// <summary>
    /// The columns an entry is read from (<see cref="Read"/>): its <c>Content</c> — the line as written, which its digest
    /// covers — and what the ledger stamped on it (its organization, recorded time and recorder, line number, digest). Only
    /// these leave PostgreSQL, not the whole payload: its typed fields are a copy for the ledger's queries.
    /// </summary>
    const string Stamped = "data ->> 'Content', data ->> 'Org', data ->> 'Recorded', data ->> 'RecordedBy', data ->> 'Line', data ->> 'Digest'";

    /// <summary>
    /// An entry from the <see cref="Stamped"/> columns, never from the payload's typed fields: so everything a read shows
    /// is something an outside verifier checks from docs/verification.md alone, without knowing how each field is copied.
    /// </summary>
    static Entry Read(NpgsqlDataReader reader)
    {
        var entry = EntryParser.Reread(reader.GetString(0));
        return entry with
        {
            // A commitment's later entries do not name their organization: the ledger stamps its commitment's on them.
            Org = entry is CommitmentEntry and not CommitmentMade ? reader.GetString(1) : entry.Org,
            Recorded = DateTimeOffset.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture),
            RecordedBy = reader.IsDBNull(3) ? null : reader.GetString(3),
            Line = reader.IsDBNull(4) ? 0 : int.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture),
            Digest = reader.GetString(5),
        };
    }
}
