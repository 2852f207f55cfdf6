using System.Text.Json;
using Npgsql;
using Wolverine.Runtime.Serialization;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>One message a consumer gave up on: what it was, and the last error.</summary>
public sealed record DeadLetter(Guid Id, string MessageType, string? Key, string ExceptionType, string ExceptionMessage,
    DateTimeOffset? SentAt, bool Replayable);

/// <summary>
/// A consumer's dead letters, read and marked for replay in its Wolverine storage
/// (<c>wolverine_dead_letters</c>). A letter marked replayable is moved back to the consumer's
/// incoming messages by the consumer's own durability agent, and handled again.
/// </summary>
public static class DeadLetters
{
    public static async Task<IReadOnlyList<DeadLetter>> ListAsync(string connectionString, string ledgerSchema, string consumer,
        CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        if (await TableAsync(connection, ledgerSchema, consumer, cancellation) is not { } table) return [];
        await using var command = new NpgsqlCommand(
            $"select id, message_type, body, exception_type, exception_message, sent_at, replayable from {table} order by sent_at, id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellation))
            letters.Add(new DeadLetter(reader.GetGuid(0), reader.GetString(1), KeyOf((byte[])reader[2]),
                reader.IsDBNull(3) ? "" : reader.GetString(3), reader.IsDBNull(4) ? "" : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6)));
        return letters;
    }

    /// <summary>Marks the given letters (all when <paramref name="ids"/> is null) for replay; returns how many.</summary>
    public static async Task<int> ReplayAsync(string connectionString, string ledgerSchema, string consumer, IReadOnlyList<Guid>? ids,
        CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        if (await TableAsync(connection, ledgerSchema, consumer, cancellation) is not { } table) return 0;
        await using var command = new NpgsqlCommand(
            $"update {table} set replayable = true where replayable = false" + (ids is null ? "" : " and id = any(@ids)"), connection);
        if (ids is not null) command.Parameters.AddWithValue("ids", ids.ToArray());
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The consumer's dead-letter table, or null when the consumer never ran.</summary>
    static async Task<string?> TableAsync(NpgsqlConnection connection, string ledgerSchema, string consumer, CancellationToken cancellation)
    {
        var table = $"{new MessagingSettings(consumer).StorageSchema(ledgerSchema)}.wolverine_dead_letters";
        await using var command = new NpgsqlCommand("select to_regclass(@name) is not null", connection);
        command.Parameters.AddWithValue("name", table);
        return (bool)(await command.ExecuteScalarAsync(cancellation))! ? table : null;
    }

    /// <summary>The stored body is Wolverine's whole envelope; the message's own JSON is its data.</summary>
    static string? KeyOf(byte[] envelope)
    {
        try
        {
            using var json = JsonDocument.Parse(EnvelopeSerializer.Deserialize(envelope).Data);
            return json.RootElement.TryGetProperty("key", out var key) ? key.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or IOException)
        {
            return null;
        }
    }
}
