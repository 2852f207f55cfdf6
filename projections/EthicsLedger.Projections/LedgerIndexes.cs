using System.Runtime.CompilerServices;
using EthicsLedger.Entries;
using EthicsLedger.Storage;
using JasperFx;
using Marten;
using Npgsql;

namespace EthicsLedger.Projections;

/// <summary>
/// The ledger's read models: indexes over Marten's event table. Each entry is already one row there, so
/// an index is a read model that costs one index entry per new entry (whatever the organization's
/// history), is written by PostgreSQL in the same statement as the event, and cannot lose an entry to a
/// concurrent writer. A rebuild re-reads the events once (<see cref="RebuildAsync"/>).
/// </summary>
public static class LedgerIndexes
{
    /// <summary>Name and definition (what follows <c>on mt_events</c>) of each index, and the reads it serves.</summary>
    public static readonly IReadOnlyList<(string Name, string Definition)> All =
    [
        // An organization's entries in recording order: stance, replay, flags, the relay.
        ("ledger_events_org", "((data ->> 'Org'), seq_id)"),
        // Which of a file's lines the ledger already holds (equality only, so a hash index: 4 bytes an entry).
        ("ledger_events_content", "using hash ((data ->> 'ContentHash'))"),
        // A conduct id's owner, ledger-wide.
        ("ledger_events_conduct", $"((data ->> 'Id')) where type = '{EntryTypes.ConductObserved}'"),
        // An organization's commitments on a topic: what a new conduct may flag.
        ("ledger_events_commitments", $"((data ->> 'Org'), (data ->> 'Topic')) where type = '{EntryTypes.CommitmentMade}'"),
    ];

    /// <summary>Marten compares its event table with its own definition; these indexes are ours, and it leaves them alone.</summary>
    public static StoreOptions IgnoreLedgerIndexes(this StoreOptions options)
    {
        foreach (var (name, _) in All) options.Events.IgnoreIndex(name);
        return options;
    }

    /// <summary>Once per store, and forgotten with it.</summary>
    static readonly ConditionalWeakTable<IDocumentStore, Task> Ensured = new();

    /// <summary>
    /// Marten's event tables and these indexes, made when missing (once per store and process). Checked first:
    /// a role that may not create them (docs/least-privilege.md) finds them made by <c>migrate</c>.
    /// </summary>
    public static async Task EnsureAsync(IDocumentStore store, CancellationToken cancellation)
    {
        var once = Ensured.GetValue(store, s => EnsureOnceAsync(s, CancellationToken.None));
        try
        {
            await once.WaitAsync(cancellation);
        }
        catch when (once.IsFaulted)
        {
            // A failed attempt is not remembered: the next read or import tries again (the database may be back).
            if (Ensured.TryGetValue(store, out var current) && current == once) Ensured.Remove(store);
            throw;
        }
    }

    static async Task EnsureOnceAsync(IDocumentStore store, CancellationToken cancellation)
    {
        try
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(cancellation);
            var schema = store.Options.Events.DatabaseSchemaName;
            await SchemaChangeLock.HoldAsync(connection, schema, async () =>
            {
                if (store.Options is StoreOptions { AutoCreateSchemaObjects: not AutoCreate.None })
                    await store.Storage.Database.EnsureStorageExistsAsync(typeof(JasperFx.Events.IEvent), cancellation);
                if (await MissingAsync(connection, schema, cancellation) > 0) await CreateAsync(connection, schema, cancellation);
            }, cancellation);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"the ledger's indexes on {store.Options.Events.DatabaseSchemaName}.mt_events are missing, and this role may not make them; " +
                "run `ethicsledger migrate` with the schema owner's connection string");
        }
    }

    /// <summary>
    /// Creates every missing index, once Marten's event table exists; run by <c>migrate</c> as the owner,
    /// and on first use when the schema may change.
    /// </summary>
    public static async Task CreateAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using (var exists = new NpgsqlCommand($"select to_regclass('{schema}.mt_events') is not null", connection))
            if (!(bool)(await exists.ExecuteScalarAsync(cancellation))!) return;
        foreach (var (name, definition) in All)
        {
            await using var command = new NpgsqlCommand(
                $"create index if not exists {name} on {schema}.mt_events {definition}", connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellation);
        }
    }

    static async Task<long> MissingAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "select @count - count(*) from pg_indexes where schemaname = @schema and indexname = any(@names)", connection);
        command.Parameters.AddWithValue("count", (long)All.Count);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("names", All.Select(i => i.Name).ToArray());
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>
    /// Builds every index again from the events: one pass over the table per index, by PostgreSQL's parallel
    /// index build (its memory bounded by <c>maintenance_work_mem</c>), in one transaction, so a reader sees the
    /// old indexes or the new ones.
    /// </summary>
    public static async Task RebuildAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        try
        {
            await RebuildIndexesAsync(connection, schema, cancellation);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"rebuilding the read models rebuilds the ledger's indexes on {schema}.mt_events, which only the schema's owner may do; " +
                "run it with the owner's connection string (nothing was changed)");
        }
    }

    static async Task RebuildIndexesAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        foreach (var (name, _) in All)
        {
            await using var drop = new NpgsqlCommand($"drop index if exists {schema}.{name}", connection, transaction);
            await drop.ExecuteNonQueryAsync(cancellation);
        }
        foreach (var (name, definition) in All)
        {
            await using var create = new NpgsqlCommand(
                $"create index {name} on {schema}.mt_events {definition}", connection, transaction) { CommandTimeout = 0 };
            await create.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
    }
}
