using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using EthicsLedger.Entries;
using EthicsLedger.Integrity;
using EthicsLedger.Parsing;
using EthicsLedger.Storage;
using Npgsql;

namespace EthicsLedger.Hosting.Audit;

/// <summary>
/// Recomputes every digest, chain, leaf and checkpoint from what the database holds now, and names
/// what is wrong and where. It trusts nothing in the database but what it can recompute, and for
/// checkpoints only the public keys it is given.
/// </summary>
public static class LedgerVerifier
{
    /// <param name="lastSigned">The last checkpoint signed, as kept outside the database (<see cref="CheckpointHead"/>) or held by the auditor: the database must extend it.</param>
    public static async Task<VerificationReport> VerifyAsync(string connectionString, string schema,
        IReadOnlyDictionary<string, byte[]> trustedKeys, Checkpoint? lastSigned, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await IntegrityTables.EnsureAsync(connection, schema, cancellation);
        // One snapshot for events, leaves and checkpoints: an import or a checkpoint committed while this reads is not half seen.
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation);

        var leaves = await IntegrityTables.ReadLeavesAsync(connection, schema, cancellation);
        var checkpoints = await IntegrityTables.ReadCheckpointsAsync(connection, schema, cancellation);
        // The tree and the checkpoints need nothing of the events: they are hashed while the events are read and checked,
        // on a core the reader leaves idle whenever PostgreSQL is sending. The tree is built once, for the checkpoints in
        // the database and the one kept outside it alike.
        var signed = Task.Run(() =>
        {
            var roots = RootsAt(leaves, checkpoints.Select(c => c.TreeSize).Append(lastSigned?.TreeSize ?? 0));
            var found = new List<VerificationProblem>();
            CheckCheckpoints(leaves, checkpoints, roots, trustedKeys, found);
            if (lastSigned is not null) CheckExtends(leaves.Count, roots, checkpoints, lastSigned, trustedKeys, found);
            return found;
        }, cancellation);
        var (events, problems) = await CheckStreamsAsync(connection, schema, cancellation);
        CheckLeaves(events, leaves, problems);
        problems.AddRange(await signed);

        var covered = leaves.Count == 0 ? 0 : leaves.Max(l => l.Sequence);
        return new VerificationReport(
            InPlaceOrder(ExplainInsertions(problems), leaves),
            events.Count, leaves.Count, checkpoints.Count, events.Count(e => e.Sequence > covered), clock.Elapsed, lastSigned?.TreeSize);
    }

    /// <summary>
    /// An event inserted into a stream shifts the versions after it, and breaks the chain at each of
    /// them: those follow from the insertion and are not reported again.
    /// </summary>
    static List<VerificationProblem> ExplainInsertions(List<VerificationProblem> problems)
    {
        var inserted = problems.Where(p => p.Kind == Damage.EventInserted && p.Stream is not null)
            .GroupBy(p => p.Stream!).ToDictionary(g => g.Key, g => g.Min(p => p.Version!.Value));
        return problems.Where(p => p.Kind == Damage.EventInserted || p.Stream is null
            || !inserted.TryGetValue(p.Stream, out var from) || p.Version < from).ToList();
    }

    /// <summary>Problems in the log's order: where the tree had it, for an event in a place the tree covers; else by sequence.</summary>
    static List<VerificationProblem> InPlaceOrder(List<VerificationProblem> problems, IReadOnlyList<LeafRow> leaves)
    {
        // Only the places of the events named are looked up: a million leaves are not grouped to order a few problems.
        var place = problems.Where(p => p.Stream is not null && p.Version is not null)
            .Select(p => (p.Stream!, p.Version!.Value)).Distinct().ToDictionary(k => k, _ => (long?)null);
        if (place.Count > 0)
            foreach (var leaf in leaves)
                if (place.TryGetValue((leaf.Stream, leaf.Version), out var first) && first is null) place[(leaf.Stream, leaf.Version)] = leaf.Sequence;
        long Position(VerificationProblem p) =>
            p.Stream is not null && p.Version is { } v && place.TryGetValue((p.Stream, v), out var seq) && seq is { } s ? s : p.Sequence ?? long.MaxValue;
        return problems.OrderBy(Position).ThenBy(p => p.Stream).ThenBy(p => p.Version).ToList();
    }

    /// <summary>An event as read, its payload the jsonb's UTF-8 as PostgreSQL sends it: the deserializer reads UTF-8, so no string is made of it.</summary>
    sealed record StoredEvent(long Sequence, string Stream, long Version, string Type, DateTimeOffset Timestamp, byte[] Data)
    {
        public Entry? Entry { get; set; }
    }

    /// <summary>
    /// What the tree's leaves are checked against, kept of each event once its stream is checked: a few dozen bytes, not its payload.
    /// A struct, so a million of them are one array the collector need not trace object by object.
    /// </summary>
    readonly record struct CheckedEvent(long Sequence, string Stream, long Version, string? Digest, string? Org);

    /// <summary>
    /// Reads the events once, stream by stream in version order, and checks each stream as soon as it is read, on
    /// every core: memory holds the streams being checked and a summary of each event, never every payload.
    /// </summary>
    static async Task<(List<CheckedEvent> Events, List<VerificationProblem> Problems)> CheckStreamsAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        var streams = Channel.CreateBounded<List<StoredEvent>>(new BoundedChannelOptions(Environment.ProcessorCount * 4) { SingleWriter = true });
        // A checker that fails stops the reader too, instead of leaving it waiting on a full channel.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var checkers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            var found = new List<VerificationProblem>();
            var checkedEvents = new List<CheckedEvent>();
            try
            {
                await foreach (var stream in streams.Reader.ReadAllAsync(failed.Token))
                {
                    CheckStream(stream, found);
                    // A stream's events name one organization, almost always: its summaries share one string of it.
                    string? org = null;
                    foreach (var e in stream)
                    {
                        if (e.Entry?.Org is { } name && name != org) org = name;
                        checkedEvents.Add(new CheckedEvent(e.Sequence, e.Stream, e.Version, e.Entry?.Digest, e.Entry is null ? null : org));
                    }
                }
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
            return (found, checkedEvents);
        }, cancellation)).ToList();

        try
        {
            // In the (stream, version) index's order, so the first stream arrives at once. Left to itself, PostgreSQL sorts the
            // whole table first (on disk past a few megabytes, in workers that take the cores the checkers need).
            await using (var inOrder = new NpgsqlCommand("set local enable_sort = off", connection)) await inOrder.ExecuteNonQueryAsync(failed.Token);
            await using var command = new NpgsqlCommand(
                $"select seq_id, stream_id, version, type, timestamp, data from {schema}.mt_events where {LedgerRows.Only()} order by stream_id, version",
                connection);
            await using var reader = await command.ExecuteReaderAsync(failed.Token);
            var current = new List<StoredEvent>();
            while (await reader.ReadAsync(failed.Token))
            {
                var stream = reader.GetString(1);
                if (current.Count > 0 && current[0].Stream != stream)
                {
                    await streams.Writer.WriteAsync(current, failed.Token);
                    current = [];
                }
                // One string per stream, not one per event: the summaries keep it.
                current.Add(new StoredEvent(reader.GetInt64(0), current.Count > 0 ? current[0].Stream : stream, reader.GetInt64(2),
                    reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<byte[]>(5)));
            }
            if (current.Count > 0) await streams.Writer.WriteAsync(current, failed.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            // A checker failed: its exception is the one to report, below.
        }
        finally
        {
            streams.Writer.Complete();
        }

        var results = await Task.WhenAll(checkers);
        return (results.SelectMany(r => r.checkedEvents).OrderBy(e => e.Sequence).ToList(), results.SelectMany(r => r.found).ToList());
    }

    static void CheckStream(List<StoredEvent> stream, List<VerificationProblem> problems)
    {
        foreach (var e in stream) e.Entry = Read(e);
        var previous = EventDigest.Genesis;
        string? org = null;
        for (var i = 0; i < stream.Count; i++)
        {
            var e = stream[i];
            void Report(string kind, string detail) => problems.Add(new VerificationProblem(kind, e.Stream, e.Version, e.Sequence, detail));

            var expectedVersion = i == 0 ? 1 : stream[i - 1].Version + 1;
            if (e.Version != expectedVersion)
                problems.Add(new VerificationProblem(Damage.EventDeleted, e.Stream, expectedVersion, null,
                    $"version {expectedVersion}{(e.Version - expectedVersion > 1 ? $" to {e.Version - 1}" : "")} of the stream is missing"));

            var entry = e.Entry;
            if (entry is null) { Report(Damage.PayloadChanged, "the event's payload is not an entry the ledger wrote"); previous = ""; continue; }
            if (entry is CommitmentMade or OrganizationRegistered) org = entry.Org;
            var contentProblem = ContentProblem(entry, e.Type);
            if (contentProblem is null && org is not null && entry.Org != org) contentProblem = $"its organization was changed to '{entry.Org}'";
            // The line number is the fold's last tie-break and is not in the digest. An import appends a stream's entries in
            // file order, so among a stream's entries recorded together the line numbers never go down.
            if (contentProblem is null && i > 0 && stream[i - 1].Entry is { } before && before.Recorded == entry.Recorded && entry.Line < before.Line)
                contentProblem = $"its line number {entry.Line} comes before line {before.Line} of the version before it, recorded with it: one of the two was changed";

            var digest = previous.Length == 64 ? EventDigest.Compute(previous, e.Type, e.Stream, e.Version, entry.Recorded, entry.RecordedBy, entry.Content) : null;
            if (contentProblem is not null) Report(Damage.PayloadChanged, contentProblem);
            else if (digest is not null && digest != entry.Digest)
            {
                if (EventDigest.Compute(previous, e.Type, e.Stream, e.Version, e.Timestamp, entry.RecordedBy, entry.Content) == entry.Digest)
                    Report(Damage.RecordedTimeChanged, $"the recorded time in the payload was changed to {EventDigest.Timestamp(entry.Recorded)}");
                else if (FindVersion(e, entry, stream) is { } original)
                    Report(Damage.EventsReordered, $"this event was written as version {original}");
                else
                    Report(Damage.PayloadChanged, "its digest does not match its content and its place in the stream (altered, or forged and inserted)");
            }
            // An import records after what its streams hold, even across a clock that stepped back: a time earlier than the
            // version before it was written there afterwards (a backdated entry, digests and all).
            else if (i > 0 && stream[i - 1].Entry is { } earlier && entry.Recorded < earlier.Recorded)
                Report(Damage.RecordedTimeChanged,
                    $"it is recorded at {EventDigest.Timestamp(entry.Recorded)}, before version {stream[i - 1].Version} ({EventDigest.Timestamp(earlier.Recorded)}): within a stream, recorded times never go back");
            else if (e.Timestamp != entry.Recorded)
                // To the 100 ns: a recorded time moved by less than a microsecond must not read as equal to the timestamp.
                Report(Damage.RecordedTimeChanged, $"the stored timestamp {e.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ} differs from the recorded time {entry.Recorded.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}");
            previous = entry.Digest.Length == 64 ? entry.Digest : "";
        }
    }

    /// <summary>
    /// The version this event was written at, when it now sits at another: its digest matches its
    /// record at some other version, chained to some other event of the stream (or to the start).
    /// </summary>
    static long? FindVersion(StoredEvent e, Entry entry, List<StoredEvent> stream)
    {
        var previousCandidates = stream.Select(s => s.Entry?.Digest).OfType<string>()
            .Where(d => d.Length == 64).Append(EventDigest.Genesis).Distinct().ToList();
        for (long v = 1; v <= stream.Count + 1; v++)
            if (v != e.Version && previousCandidates.Any(p => EventDigest.Compute(p, e.Type, e.Stream, v, entry.Recorded, entry.RecordedBy, entry.Content) == entry.Digest))
                return v;
        return null;
    }

    static Entry? Read(StoredEvent e)
    {
        if (!EntryTypes.ClrTypes.TryGetValue(e.Type, out var type)) return null;
        try { return JsonSerializer.Deserialize(e.Data.AsSpan(), type) as Entry; }
        catch (JsonException) { return null; }
    }

    /// <summary>Why the typed payload disagrees with the canonical content it was read from, or null.</summary>
    static string? ContentProblem(Entry stored, string type)
    {
        Entry parsed;
        try { parsed = EntryParser.Reread(stored.Content); }
        catch (EntryException e) { return $"its content is not a valid entry: {e.Message}"; }
        if (parsed.ContentHash != stored.ContentHash) return "its content no longer matches its content hash";
        if (parsed.Type != type) return $"its type column says {type} but its content is {parsed.Type}";
        var restamped = parsed with
        {
            Org = stored is CommitmentEntry and not CommitmentMade ? stored.Org : parsed.Org,
            Recorded = stored.Recorded, RecordedBy = stored.RecordedBy, Line = stored.Line, Digest = stored.Digest,
        };
        return PayloadFields.Same(restamped, stored) ? null : "its fields no longer match its content";
    }

    static void CheckLeaves(List<CheckedEvent> events, IReadOnlyList<LeafRow> leaves, List<VerificationProblem> problems)
    {
        var bySequence = events.ToDictionary(e => e.Sequence);
        var reported = problems.Where(p => p.Sequence is not null).Select(p => p.Sequence!.Value).ToHashSet();
        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            if (leaf.LeafIndex != i)
            {
                problems.Add(new VerificationProblem(Damage.EventDeleted, null, null, null, $"leaf {i} of the tree is missing: an event and its leaf were removed"));
                break;
            }
            if (!bySequence.TryGetValue(leaf.Sequence, out var e))
            {
                if (!problems.Any(p => p.Kind == Damage.EventDeleted && p.Stream == leaf.Stream && p.Version == leaf.Version))
                    problems.Add(new VerificationProblem(Damage.EventDeleted, leaf.Stream, leaf.Version, leaf.Sequence, "an event covered by a checkpoint is gone"));
                continue;
            }
            if (reported.Contains(e.Sequence)) continue;
            if (e.Stream != leaf.Stream || e.Version != leaf.Version)
                problems.Add(new VerificationProblem(Damage.EventsReordered, e.Stream, e.Version, e.Sequence,
                    $"the tree took this event as {leaf.Stream} version {leaf.Version}"));
            else if (e.Digest != leaf.Digest)
                problems.Add(new VerificationProblem(Damage.PayloadChanged, e.Stream, e.Version, e.Sequence, "its digest differs from the one the tree took"));
            else if (e.Org != leaf.Org)
                problems.Add(new VerificationProblem(Damage.CheckpointAltered, e.Stream, e.Version, e.Sequence,
                    $"the tree took it as belonging to '{leaf.Org}', but it belongs to '{e.Org}'"));
        }
        // An event the tree never took, placed among events it did take (by its sequence number, or
        // by its version within a stream the tree covers further), was inserted into signed history.
        var covered = leaves.Select(l => l.Sequence).ToHashSet();
        var lastCovered = leaves.Count == 0 ? 0 : leaves.Max(l => l.Sequence);
        var coveredVersions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var leaf in leaves)
            if (!coveredVersions.TryGetValue(leaf.Stream, out var version) || leaf.Version > version) coveredVersions[leaf.Stream] = leaf.Version;
        foreach (var e in events.Where(e => !covered.Contains(e.Sequence)))
            if (e.Sequence <= lastCovered || (coveredVersions.TryGetValue(e.Stream, out var last) && e.Version <= last))
                problems.Add(new VerificationProblem(Damage.EventInserted, e.Stream, e.Version, e.Sequence,
                    "this event sits among events a checkpoint covers, but the tree never took it"));
    }

    /// <summary>The tree's root at each of these sizes that it reaches, from one walk over the leaves.</summary>
    static Dictionary<long, byte[]> RootsAt(IReadOnlyList<LeafRow> leaves, IEnumerable<long> sizes)
    {
        var wanted = sizes.Where(size => size <= leaves.Count).Distinct().Order().ToList();
        var roots = new Dictionary<long, byte[]>();
        var tree = new MerkleTreeBuilder();
        foreach (var size in wanted)
        {
            while (tree.Size < size) tree.Add(Convert.FromHexString(leaves[(int)tree.Size].Digest));
            roots[size] = tree.Root;
        }
        return roots;
    }

    static void CheckCheckpoints(IReadOnlyList<LeafRow> leaves, IReadOnlyList<Checkpoint> checkpoints, Dictionary<long, byte[]> roots,
        IReadOnlyDictionary<string, byte[]> trustedKeys, List<VerificationProblem> problems)
    {
        // The stream heads so far (each stream's last leaf), kept as the leaves are walked once, so each checkpoint's map costs only a sort.
        var heads = new Dictionary<string, LeafRow>(StringComparer.Ordinal);
        var added = 0;
        foreach (var checkpoint in checkpoints)
        {
            void Report(string detail) => problems.Add(new VerificationProblem(Damage.CheckpointAltered, null, null, null,
                $"checkpoint of size {checkpoint.TreeSize} signed {EventDigest.Timestamp(checkpoint.SignedAt)}: {detail}"));

            if (!trustedKeys.TryGetValue(checkpoint.KeyId, out var key)) { Report($"signed by key {checkpoint.KeyId}, which is not trusted"); continue; }
            if (!checkpoint.IsSignedBy(key)) { Report("its signature does not match its contents"); continue; }
            if (checkpoint.TreeSize > leaves.Count) { Report($"it covers {checkpoint.TreeSize} events but the tree has {leaves.Count} leaves"); continue; }
            while (added < checkpoint.TreeSize)
            {
                var leaf = leaves[added++];
                heads[leaf.Stream] = leaf;
            }
            if (Convert.ToHexStringLower(roots[checkpoint.TreeSize]) != checkpoint.RootHash)
                Report("the events it covers no longer hash to its root: the log under it was changed");
            else if (checkpoint.StreamsRoot is not null && StreamMap.Sorted(heads.Values.Select(l => new StreamHead(l.Org, l.Stream, l.Version, l.Digest))) is var map
                     && (map.Count != checkpoint.StreamCount || Convert.ToHexStringLower(StreamMap.Root(map)) != checkpoint.StreamsRoot))
                Report("the streams of the events it covers no longer hash to its stream map");
        }
    }

    /// <summary>A missing, shrunk or forked tree, named as such: never "no checkpoints, all fine".</summary>
    static void CheckExtends(int leafCount, Dictionary<long, byte[]> roots, IReadOnlyList<Checkpoint> checkpoints, Checkpoint lastSigned,
        IReadOnlyDictionary<string, byte[]> trustedKeys, List<VerificationProblem> problems)
    {
        void Report(string kind, string detail) => problems.Add(new VerificationProblem(kind, null, null, null,
            $"the last checkpoint signed ({TrustedCheckpoint.Describe(lastSigned)}) {detail}"));

        if (!trustedKeys.TryGetValue(lastSigned.KeyId, out var key) || !lastSigned.IsSignedBy(key))
            Report(Damage.CheckpointAltered, "is not signed by a trusted key");
        else if (leafCount < lastSigned.TreeSize)
            Report(Damage.TreeShrunk, $"covers {lastSigned.TreeSize} events, but the database's tree has {leafCount} leaves: history was cut, or the integrity tables were emptied");
        else if (Convert.ToHexStringLower(roots[lastSigned.TreeSize]) != lastSigned.RootHash)
            Report(Damage.TreeForked, $"does not match the database: its first {lastSigned.TreeSize} leaves hash to another root, so the history under it was rewritten");
        else if (!checkpoints.Any(c => c.TreeSize == lastSigned.TreeSize && c.RootHash == lastSigned.RootHash && c.Signature == lastSigned.Signature))
            Report(Damage.CheckpointMissing, "is missing from the database's checkpoints");
    }
}
