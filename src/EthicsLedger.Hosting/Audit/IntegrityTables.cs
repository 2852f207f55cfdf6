using EthicsLedger.Integrity;
using EthicsLedger.Storage;
using Npgsql;

namespace EthicsLedger.Hosting.Audit;

/// <summary>
/// The two tables of the integrity log, beside Marten's: the leaves (each event's digest in the
/// order the Merkle tree took them) and the signed checkpoints. Both are append-only.
/// </summary>
public static class IntegrityTables
{
    public static string Leaves(string schema) => $"{schema}.ledger_leaves";
    public static string Checkpoints(string schema) => $"{schema}.ledger_checkpoints";

    /// <summary>The trigger on <c>mt_events</c> that refuses an event whose sequence number was chosen by its writer.</summary>
    public const string SequenceGuard = "ledger_sequence_guard";

    /// <summary>
    /// Creates the tables, and the sequence guard once Marten's event table exists, if missing. Checks
    /// first: even CREATE ... IF NOT EXISTS needs the CREATE privilege, which the application role lacks.
    /// </summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using (var exists = new NpgsqlCommand($"""
            select to_regclass('{Leaves(schema)}') is not null and to_regclass('{Checkpoints(schema)}') is not null
              and exists (select 1 from information_schema.columns where table_schema = '{schema}' and table_name = 'ledger_checkpoints' and column_name = 'streams_root')
              and (to_regclass('{schema}.mt_events') is null
                   or exists (select 1 from pg_trigger where tgname = '{SequenceGuard}' and tgrelid = '{schema}.mt_events'::regclass)
                      -- The guard of today: one made before it let only Marten's own tombstones through is made again.
                      and exists (select 1 from pg_proc where proname = '{SequenceGuard}' and pronamespace = '{schema}'::regnamespace and prosrc like '%new.type%'))
            """, connection))
            if ((bool)(await exists.ExecuteScalarAsync(cancellation))!) return;
        try
        {
            await SchemaChangeLock.HoldAsync(connection, schema, async () =>
            {
                await CreateTablesAsync(connection, schema, cancellation);
                await GuardSequenceAsync(connection, schema, cancellation);
            }, cancellation);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"the ledger's integrity tables or its sequence guard on {schema}.mt_events are missing or were made by an older version, " +
                "and this role may not make them; run `ethicsledger migrate` with the schema owner's connection string (nothing was changed)");
        }
    }

    /// <summary>
    /// An event takes its sequence number from the ledger's sequence in the statement that inserts it
    /// (Marten's append does), never one its writer picked: a writer that may insert events could
    /// otherwise put a forged one before honest ones, or so far ahead that a checkpoint signs past
    /// events still to come. Marten's own tombstones (markers for rolled-back numbers, never leaves) re-use
    /// numbers already drawn, so they are let through: only they (<see cref="LedgerRows"/>), not an entry written onto
    /// their stream. PostgreSQL applies it to every role; only the table's owner can drop it.
    /// </summary>
    static async Task GuardSequenceAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"""
            do $guard$
            begin
              if to_regclass('{schema}.mt_events') is null then return; end if;
              create or replace function {schema}.{SequenceGuard}() returns trigger language plpgsql as $fn$
              begin
                if {LedgerRows.Only("new")} and new.seq_id is distinct from currval('{schema}.mt_events_sequence') then
                  raise exception 'an event''s sequence number comes from the ledger''s sequence, it cannot be chosen (got %)', new.seq_id
                    using errcode = '42501';
                end if;
                return new;
              end $fn$;
              if not exists (select 1 from pg_trigger where tgname = '{SequenceGuard}' and tgrelid = '{schema}.mt_events'::regclass) then
                create trigger {SequenceGuard} before insert on {schema}.mt_events
                  for each row execute function {schema}.{SequenceGuard}();
              end if;
            end $guard$;
            """, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    static async Task CreateTablesAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"""
            create table if not exists {Leaves(schema)} (
                leaf_index bigint primary key,
                seq_id     bigint not null unique,
                stream_id  varchar not null,
                version    bigint not null,
                digest     char(64) not null);
            create table if not exists {Checkpoints(schema)} (
                tree_size  bigint primary key,
                root_hash  char(64) not null,
                signed_at  timestamptz not null,
                key_id     varchar not null,
                signature  varchar not null);
            -- The stream map (StreamMap): each leaf's organization, and each checkpoint's map root. Ledgers
            -- checkpointed before it existed get the columns, and their leaves' organizations from the events.
            do $stream_map$ begin
              if not exists (select 1 from information_schema.columns where table_schema = '{schema}' and table_name = 'ledger_leaves' and column_name = 'org') then
                alter table {Leaves(schema)} add column org varchar;
                if to_regclass('{schema}.mt_events') is not null then
                  update {Leaves(schema)} l set org = e.data ->> 'Org' from {schema}.mt_events e where e.seq_id = l.seq_id;
                end if;
              end if;
            end $stream_map$;
            alter table {Checkpoints(schema)} add column if not exists stream_count bigint;
            alter table {Checkpoints(schema)} add column if not exists streams_root char(64);
            """, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public static async Task<IReadOnlyList<LeafRow>> ReadLeavesAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        var leaves = new List<LeafRow>();
        await using var command = new NpgsqlCommand(
            $"select leaf_index, seq_id, stream_id, version, digest, coalesce(org, '') from {Leaves(schema)} order by leaf_index", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            leaves.Add(new LeafRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5)));
        return leaves;
    }

    public static async Task<IReadOnlyList<Checkpoint>> ReadCheckpointsAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        var checkpoints = new List<Checkpoint>();
        await using var command = new NpgsqlCommand(
            $"select tree_size, root_hash, signed_at, key_id, signature, stream_count, streams_root from {Checkpoints(schema)} order by tree_size", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            checkpoints.Add(new Checkpoint(reader.GetInt64(0), reader.GetString(1).Trim(),
                new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6).Trim()));
        return checkpoints;
    }
}

/// <summary>One leaf of the tree: which event it is, the digest it had when the tree took it, and the organization its stream belongs to.</summary>
public sealed record LeafRow(long LeafIndex, long Sequence, string Stream, long Version, string Digest, string Org)
{
    /// <summary>Every stream's head after the first <paramref name="treeSize"/> leaves (<see cref="StreamMap"/>).</summary>
    public static List<StreamHead> Heads(IEnumerable<LeafRow> leaves, long treeSize) =>
        StreamMap.At(leaves.Select(l => (l.Org, l.Stream, l.Version, l.Digest)), treeSize);

    /// <summary>The leaves' digests as raw bytes, the Merkle tree's input.</summary>
    public static List<byte[]> Digests(IEnumerable<LeafRow> leaves) => leaves.Select(l => Convert.FromHexString(l.Digest)).ToList();
}
