using EthicsLedger.Contracts;
using EthicsLedger.Storage;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>A message as the log holds it: its number, and the message with that number set.</summary>
public sealed record LoggedMessage(long Number, LedgerMessage Message);

/// <summary>
/// The ledger's message log (docs/messaging.md): every fact the relay tells, once per key, numbered
/// 1, 2, 3… with no gaps, in the order it was told. It is the outbox every transport reads from
/// its own cursor: a crash anywhere re-reads from a cursor, so nothing is lost and order holds.
/// </summary>
public static class MessageLog
{
    public static string Messages(string schema) => $"{schema}.ledger_messages";
    public static string Cursors(string schema) => $"{schema}.ledger_message_cursors";
    public static string Dates(string schema) => $"{schema}.ledger_message_dates";
    public static string DeadLetters(string schema) => $"{schema}.ledger_message_dead_letters";

    /// <summary>The LISTEN/NOTIFY channel told at each commit that adds messages.</summary>
    public static string Channel(string schema) => $"{schema}.ledger_messages";

    /// <summary>
    /// Creates the tables if missing. Checks first: even CREATE ... IF NOT EXISTS needs the CREATE
    /// privilege, which a least-privilege role lacks.
    /// </summary>
    public static async Task EnsureAsync(string connectionString, string schema, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using (var exists = new NpgsqlCommand(
            $"select to_regclass('{DeadLetters(schema)}') is not null and to_regclass('{Dates(schema)}') is not null", connection))
            if ((bool)(await exists.ExecuteScalarAsync(cancellation))!) return;
        await SchemaChangeLock.HoldAsync(connection, schema, async () =>
        {
            await using var create = new NpgsqlCommand($"""
                create schema if not exists {schema};
                create table if not exists {Messages(schema)} (
                    number     bigint primary key,
                    key        varchar not null unique,
                    type       varchar not null,
                    org        varchar not null,
                    commitment varchar not null,
                    body       varchar not null,
                    logged_at  timestamptz not null default now());
                create table if not exists {Cursors(schema)} (
                    name       varchar primary key,
                    number     bigint not null,
                    updated_at timestamptz not null default now());
                create table if not exists {Dates(schema)} (
                    commitment varchar not null,
                    date       date not null,
                    org        varchar not null,
                    stream     varchar not null,
                    version    bigint not null,
                    sequence   bigint not null,
                    primary key (commitment, date));
                create table if not exists {DeadLetters(schema)} (
                    id         uuid primary key,
                    consumer   varchar not null,
                    number     bigint not null,
                    key        varchar not null,
                    type       varchar not null,
                    error_type varchar not null,
                    error      varchar not null,
                    failed_at  timestamptz not null default now(),
                    replay     boolean not null default false,
                    unique (consumer, number));
                """, connection);
            await create.ExecuteNonQueryAsync(cancellation);
        }, cancellation);
    }

    /// <summary>
    /// Queues, in the caller's transaction, the telling of each message whose key the log does not
    /// hold yet, numbered after the last one. The log's writers (the relay's batches and the date
    /// checks, in any process) take one transaction lock first, so numbers are drawn one writer at a
    /// time and never skip; the notification wakes readers when the transaction commits.
    /// </summary>
    public static void Append(IDocumentOperations operations, string schema, IReadOnlyList<LedgerMessage> messages)
    {
        var fresh = messages.DistinctBy(m => m.Key).ToList();
        if (fresh.Count == 0) return;
        operations.QueueSqlCommand("select pg_advisory_xact_lock(hashtext(?))", Messages(schema));
        operations.QueueSqlCommand($"""
            insert into {Messages(schema)} (number, key, type, org, commitment, body)
            select (select coalesce(max(number), 0) from {Messages(schema)}) + row_number() over (order by m.ord),
                   m.key, m.type, m.org, m.commitment, m.body
            from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[]) with ordinality as m(key, type, org, commitment, body, ord)
            where not exists (select 1 from {Messages(schema)} l where l.key = m.key)
            """,
            fresh.Select(m => m.Key).ToArray(),
            fresh.Select(m => MessageJson.TypeName(m.GetType())).ToArray(),
            fresh.Select(m => m.Org).ToArray(),
            fresh.Select(m => m.Commitment).ToArray(),
            fresh.Select(m => MessageJson.Serialize(m with { Number = 0 })).ToArray());
        operations.QueueSqlCommand("select pg_notify(?, '')", Channel(schema));
    }

    /// <summary>Up to <paramref name="limit"/> messages after number <paramref name="after"/>, in order.</summary>
    public static async Task<IReadOnlyList<LoggedMessage>> ReadAsync(NpgsqlConnection connection, string schema, long after, int limit,
        CancellationToken cancellation, long? through = null)
    {
        await using var command = new NpgsqlCommand(
            $"select number, type, body from {Messages(schema)} where number > @after and number <= @through order by number limit @limit", connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("through", through ?? long.MaxValue);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var messages = new List<LoggedMessage>();
        while (await reader.ReadAsync(cancellation))
        {
            var number = reader.GetInt64(0);
            messages.Add(new LoggedMessage(number, MessageJson.Deserialize(reader.GetString(1), reader.GetString(2)) with { Number = number }));
        }
        return messages;
    }

    /// <summary>The number of the last message told, 0 when none.</summary>
    public static async Task<long> LastAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select coalesce(max(number), 0) from {Messages(schema)}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>Where a reader (a consumer, or the exchange feeder) stopped: the last number it finished with, 0 before the first.</summary>
    public static async Task<long> CursorAsync(NpgsqlConnection connection, string schema, string name, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select number from {Cursors(schema)} where name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellation) is long number ? number : 0;
    }

    public static async Task SaveCursorAsync(NpgsqlConnection connection, string schema, string name, long number, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"""
            insert into {Cursors(schema)} (name, number) values (@name, @number)
            on conflict (name) do update set number = excluded.number, updated_at = now()
            """, connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("number", number);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>A connection that listens on the log's channel: <see cref="NpgsqlConnection.WaitAsync(TimeSpan, CancellationToken)"/> wakes at each commit that adds messages.</summary>
    public static async Task<NpgsqlConnection> ListenAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await connection.OpenAsync(cancellation);
        await using var listen = new NpgsqlCommand($"listen \"{Channel(schema)}\"", connection);
        await listen.ExecuteNonQueryAsync(cancellation);
        return connection;
    }

    /// <summary>A named advisory lock held as long as <paramref name="connection"/> lives: one holder per ledger.</summary>
    public static async Task<bool> TryHoldAsync(NpgsqlConnection connection, string name, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(hashtext(@name))", connection);
        command.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Varchar) { Value = name });
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
