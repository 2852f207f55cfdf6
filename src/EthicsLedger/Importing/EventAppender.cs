using EthicsLedger.Entries;
using EthicsLedger.Integrity;
using EthicsLedger.Rules;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace EthicsLedger.Importing;

/// <summary>
/// Writes an import's events into Marten's own tables, in the import's transaction, a few thousand
/// rows per statement. Marten's unit of work tracks every event and every document it touches, so a
/// large file cost minutes and gigabytes before a row was written (issue 12); these statements do
/// exactly what Marten's quick append does (a sequence number drawn as each row is inserted, a stream
/// row whose version must be the one the import read) and nothing else. The rows are the ones Marten
/// writes, so Marten, its daemon and every reader see ordinary events.
/// </summary>
public static class EventAppender
{
    /// <summary>The ledger's own meter: Marten counts the events it appends, and these are appended beside it.</summary>
    public const string MeterName = "EthicsLedger";

    static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);
    static readonly System.Diagnostics.Metrics.Counter<long> Appended =
        Meter.CreateCounter<long>("ethicsledger.events.appended", "{event}", "Events appended to the ledger, counted as they are written in an import's transaction.");

    /// <summary>Rows per statement: large enough that round trips do not count, small enough that no statement holds much memory.</summary>
    public const int BatchSize = 1_000;

    /// <summary>
    /// Appends the accepted lines of a file that passed the file-wide rules, one organization after another: each
    /// organization's entries are read again from their lines, folded (<see cref="ImportRules.FileCheck.Fold"/>), chained
    /// after their streams' heads and serialized, while PostgreSQL inserts the batch before. An organization whose fold
    /// finds a problem stops the writing; the ones after it are still folded, so that every wrong line is reported, and
    /// everything this call wrote is undone (to a savepoint taken first) before it returns the errors.
    /// An existing stream whose version moved since it was read fails the import with <see cref="ImportRaceLostException"/>;
    /// a new stream that another writer started meanwhile fails on the stream's primary key. Either way nothing of the
    /// transaction remains. The session must be in a transaction (<c>BeginTransactionAsync</c>); its save commits it.
    /// </summary>
    /// <returns>The file's errors, one per line in line order; none when every entry was appended.</returns>
    public static async Task<IReadOnlyList<LineError>> AppendAsync(IDocumentSession session, StreamChains chains, ImportRules.FileCheck check,
        string? recordedBy, CancellationToken cancellation)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var serializer = session.DocumentStore.Options.Serializer();
        var connection = session.Connection!;
        var now = check.Now;
        await ExecuteAsync(connection, "savepoint ethicsledger_append", cancellation);

        // Streams first (the events reference them), each named once, not once for each of its lines.
        var streams = check.Accepted.GroupBy(line => line.Line.Key!.Stream).Select(s => (Stream: s.Key.Name, Count: s.Count()))
            .Select(s => (s.Stream, Expected: chains.Version(s.Stream), Version: chains.Version(s.Stream) + s.Count)).ToList();
        await WriteStreamsAsync(connection, schema, streams, now, cancellation);

        // Then the events, a batch at a time: PostgreSQL inserts one batch while the next is read, folded, chained and
        // serialized on the other core (the enumerators are used by one task at a time, and not left to a task still
        // running when a write fails). An organization's entries are read once for its fold and its rows, and held until
        // its last row is made; its rows are made a batch at a time, however many entries it has.
        using var organizations = check.ByOrganization().GetEnumerator();
        IEnumerator<Entry>? unwritten = null;
        EventRow[]? Next()
        {
            var rows = new List<EventRow>(BatchSize);
            while (rows.Count < BatchSize)
            {
                if (unwritten?.MoveNext() == true)
                {
                    var chained = chains.Append(unwritten.Current with { RecordedBy = recordedBy });
                    var stream = Streams.Of(chained);
                    rows.Add(new EventRow(stream, chains.Version(stream), chained.Type, serializer.ToJson(chained), DotNetTypes[chained.GetType()]));
                    continue;
                }
                if (!organizations.MoveNext()) break;
                var lines = organizations.Current;
                var entries = lines.Select(line => line.Read(now)).ToList();
                foreach (var (line, reason) in check.Fold(lines.Key, entries)) check.Fail(line, reason);
                // After a problem nothing more is written: the organizations left are only folded, for their errors.
                unwritten = check.IsValid ? entries.GetEnumerator() : null;
            }
            return rows.Count > 0 ? rows.ToArray() : null;
        }
        var appended = 0;
        var next = Task.Run(Next, cancellation);
        while (await next is { } rows)
        {
            next = Task.Run(Next, cancellation);
            try { await WriteEventsAsync(connection, schema, rows, now, cancellation); }
            catch { await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); throw; }
            appended += rows.Length;
        }
        if (!check.IsValid)
        {
            await ExecuteAsync(connection, "rollback to savepoint ethicsledger_append", cancellation);
            return check.Errors;
        }
        Appended.Add(appended);

        // What Marten's UseListenNotifyForEventAppends sends, so the relay's daemon wakes at commit, not at its next
        // poll. Queued on the session: its save commits the transaction only when it has work, and this is that work.
        session.QueueSqlCommand("select pg_notify('mt_events_appended', '')");
        return [];
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The <c>mt_dotnet_type</c> Marten writes for each entry type ("Namespace.Type, Assembly").</summary>
    static readonly Dictionary<Type, string> DotNetTypes =
        EntryTypes.ClrTypes.Values.ToDictionary(t => t, t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    sealed record EventRow(string Stream, long Version, string Type, string Json, string DotNetType);

    static async Task WriteStreamsAsync(NpgsqlConnection connection, string schema,
        List<(string Stream, long Expected, long Version)> streams, DateTimeOffset now, CancellationToken cancellation)
    {
        var started = streams.Where(s => s.Expected == 0).ToList();
        var extended = streams.Where(s => s.Expected > 0).ToList();
        await using var batch = new NpgsqlBatch(connection);
        if (started.Count > 0)
            batch.BatchCommands.Add(Command($"""
                insert into {schema}.mt_streams (id, version, timestamp, created, tenant_id, is_archived)
                select id, version, @now, @now, '*DEFAULT*', false from unnest(@ids, @versions) as s(id, version)
                """, ("ids", started.Select(s => s.Stream).ToArray()), ("versions", started.Select(s => s.Version).ToArray()), ("now", now)));
        if (extended.Count > 0)
            batch.BatchCommands.Add(Command($"""
                update {schema}.mt_streams m set version = s.version, timestamp = @now
                from unnest(@ids, @expected, @versions) as s(id, expected, version)
                where m.id = s.id and m.version = s.expected
                """, ("ids", extended.Select(s => s.Stream).ToArray()), ("expected", extended.Select(s => s.Expected).ToArray()),
                ("versions", extended.Select(s => s.Version).ToArray()), ("now", now)));
        if (batch.BatchCommands.Count == 0) return;
        await batch.ExecuteNonQueryAsync(cancellation);
        var updated = extended.Count == 0 ? 0 : batch.BatchCommands[^1].RecordsAffected;
        if (updated != extended.Count)
            throw new ImportRaceLostException($"{extended.Count - updated} of the streams this import appends to were changed by another writer");
    }

    /// <summary>
    /// One INSERT … SELECT over arrays: each row draws its sequence number as it is inserted, the way Marten's
    /// own append does, so the ledger's sequence guard (docs/least-privilege.md) accepts it unchanged.
    /// </summary>
    static async Task WriteEventsAsync(NpgsqlConnection connection, string schema, EventRow[] rows, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"""
            insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived)
            select nextval('{schema}.mt_events_sequence'), gen_random_uuid(), e.stream, e.version, e.data, e.type, @now, '*DEFAULT*', e.dotnet, false
            from unnest(@streams, @versions, @data, @types, @dotnet) as e(stream, version, data, type, dotnet)
            """, connection);
        command.Parameters.AddWithValue("streams", rows.Select(r => r.Stream).ToArray());
        command.Parameters.AddWithValue("versions", rows.Select(r => r.Version).ToArray());
        command.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = rows.Select(r => r.Json).ToArray() });
        command.Parameters.AddWithValue("types", rows.Select(r => r.Type).ToArray());
        command.Parameters.AddWithValue("dotnet", rows.Select(r => r.DotNetType).ToArray());
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
