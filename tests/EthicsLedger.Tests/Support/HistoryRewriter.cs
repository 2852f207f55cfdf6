using System.Text.Json.Nodes;
using EthicsLedger.Integrity;
using EthicsLedger.Parsing;
using Npgsql;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// What an operator who owns the database can do that a typo cannot: rewrite an event's content
/// and recompute every digest after it on its stream, so each chain checks out on its own.
/// </summary>
public static class HistoryRewriter
{
    /// <summary>Replaces the statement of the stream's first event and re-chains the whole stream.</summary>
    public static Task RewriteStatementAsync(LedgerFixture fixture, string stream, string statement) =>
        RewriteFirstAsync(fixture, stream, data =>
        {
            var content = JsonNode.Parse((string)data["Content"]!)!.AsObject();
            content["statement"] = statement;
            data["Content"] = CanonicalJson.Text(System.Text.Json.JsonDocument.Parse(content.ToJsonString()).RootElement);
            data["Statement"] = statement;
        });

    /// <summary>
    /// Stores the stream's first content in another spelling, as <paramref name="respell"/> gives it, with the hash and
    /// digests of that text: what an older ledger that encoded content another way holds.
    /// </summary>
    public static Task RespellFirstContentAsync(LedgerFixture fixture, string stream, Func<string, string> respell) =>
        RewriteFirstAsync(fixture, stream, data => data["Content"] = respell((string)data["Content"]!));

    /// <summary>Changes the payload of the stream's version 1, sets its content hash to the SHA-256 of its content, and re-chains the stream.</summary>
    static async Task RewriteFirstAsync(LedgerFixture fixture, string stream, Action<JsonObject> change)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var rows = new List<(long Sequence, long Version, string Type, JsonObject Data)>();
        await using (var read = new NpgsqlCommand($"select seq_id, version, type, data::text from {fixture.Schema}.mt_events where stream_id = @s order by version", connection))
        {
            read.Parameters.AddWithValue("s", stream);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), JsonNode.Parse(reader.GetString(3))!.AsObject()));
        }
        var previous = EventDigest.Genesis;
        foreach (var (sequence, version, type, data) in rows)
        {
            if (version == 1)
            {
                change(data);
                data["ContentHash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes((string)data["Content"]!)));
            }
            var recorded = DateTimeOffset.Parse((string)data["Recorded"]!, System.Globalization.CultureInfo.InvariantCulture);
            var digest = EventDigest.Compute(previous, type, stream, version, recorded, (string?)data["RecordedBy"], (string)data["Content"]!);
            data["Digest"] = digest;
            previous = digest;
            await using var update = new NpgsqlCommand($"update {fixture.Schema}.mt_events set data = @d::jsonb where seq_id = @q", connection);
            update.Parameters.AddWithValue("d", data.ToJsonString());
            update.Parameters.AddWithValue("q", sequence);
            await update.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Makes the leaves agree with the events again, as a careful rewriter would.</summary>
    public static Task RewriteLeavesAsync(LedgerFixture fixture) => fixture.ExecuteAsync($"""
        update {fixture.Schema}.ledger_leaves l set digest = e.data ->> 'Digest' from {fixture.Schema}.mt_events e where e.seq_id = l.seq_id
        """);

    public static Task EmptyIntegrityTablesAsync(LedgerFixture fixture) =>
        fixture.ExecuteAsync($"delete from {fixture.Schema}.ledger_leaves; delete from {fixture.Schema}.ledger_checkpoints");
}
