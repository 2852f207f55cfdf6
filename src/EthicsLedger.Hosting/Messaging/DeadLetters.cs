using EthicsLedger.Contracts;
using Npgsql;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>One message a consumer gave up on: what it was, and the last error.</summary>
public sealed record DeadLetter(Guid Id, long Number, string MessageType, string Key, string ExceptionType, string ExceptionMessage,
    DateTimeOffset FailedAt, bool Replayable);

/// <summary>
/// The messages each consumer gave up on, kept in the log's database
/// (<c>ledger_message_dead_letters</c>). One marked for replay is handed to the running consumer
/// again, and leaves the dead letters once it is handled.
/// </summary>
public static class DeadLetters
{
    const string Columns = "id, number, type, key, error_type, error, failed_at, replay";

    public static async Task<IReadOnlyList<DeadLetter>> ListAsync(string connectionString, string schema, string consumer,
        CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        if (!await ExistsAsync(connection, schema, cancellation)) return [];
        return await ReadAsync(connection, schema, consumer, "", cancellation);
    }

    /// <summary>Marks the given letters (all when <paramref name="ids"/> is null) for replay; returns how many.</summary>
    public static async Task<int> ReplayAsync(string connectionString, string schema, string consumer, IReadOnlyList<Guid>? ids,
        CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        if (!await ExistsAsync(connection, schema, cancellation)) return 0;
        await using var command = new NpgsqlCommand(
            $"update {MessageLog.DeadLetters(schema)} set replay = true where consumer = @consumer and not replay" + (ids is null ? "" : " and id = any(@ids)"), connection);
        command.Parameters.AddWithValue("consumer", consumer);
        if (ids is not null) command.Parameters.AddWithValue("ids", ids.ToArray());
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    public static async Task AddAsync(NpgsqlConnection connection, string schema, string consumer, LoggedMessage logged, Exception error,
        CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"""
            insert into {MessageLog.DeadLetters(schema)} (id, consumer, number, key, type, error_type, error)
            values (@id, @consumer, @number, @key, @type, @errorType, @error)
            on conflict (consumer, number) do update set error_type = excluded.error_type, error = excluded.error, failed_at = now(), replay = false
            """, connection);
        command.Parameters.AddWithValue("id", Guid.NewGuid());
        command.Parameters.AddWithValue("consumer", consumer);
        command.Parameters.AddWithValue("number", logged.Number);
        command.Parameters.AddWithValue("key", logged.Message.Key);
        command.Parameters.AddWithValue("type", MessageJson.TypeName(logged.Message.GetType()));
        command.Parameters.AddWithValue("errorType", error.GetType().Name);
        command.Parameters.AddWithValue("error", error.Message);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public static async Task<IReadOnlyList<DeadLetter>> MarkedForReplayAsync(NpgsqlConnection connection, string schema, string consumer,
        CancellationToken cancellation) => await ReadAsync(connection, schema, consumer, " and replay", cancellation);

    public static async Task ForgetAsync(NpgsqlConnection connection, string schema, Guid id, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"delete from {MessageLog.DeadLetters(schema)} where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public static async Task FailedAgainAsync(NpgsqlConnection connection, string schema, Guid id, Exception error, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"update {MessageLog.DeadLetters(schema)} set replay = false, error_type = @errorType, error = @error, failed_at = now() where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("errorType", error.GetType().Name);
        command.Parameters.AddWithValue("error", error.Message);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    static async Task<IReadOnlyList<DeadLetter>> ReadAsync(NpgsqlConnection connection, string schema, string consumer, string filter,
        CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select {Columns} from {MessageLog.DeadLetters(schema)} where consumer = @consumer{filter} order by number", connection);
        command.Parameters.AddWithValue("consumer", consumer);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellation))
            letters.Add(new DeadLetter(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetBoolean(7)));
        return letters;
    }

    /// <summary>A ledger whose messaging never ran has no dead-letter table, and no dead letters.</summary>
    static async Task<bool> ExistsAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("select to_regclass(@name) is not null", connection);
        command.Parameters.AddWithValue("name", MessageLog.DeadLetters(schema));
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
