using EthicsLedger.Hosting.Database;
using EthicsLedger.Hosting.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace EthicsLedger.Server.Api;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health</c>: can it serve? 200 while the database answers,
/// 503 when it does not. The read models are inline (written in each import's own transaction), so they
/// cannot lag; the relay can, and how far behind it is (in events) is reported, "degraded" past
/// <see cref="RelayLagDegraded"/>.
/// </summary>
public static class HealthEndpoints
{
    public const long RelayLagDegraded = 1000;

    public static void Map(WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Json(new { status = "ok" })).WithTags("Health").WithSummary("The process is up.");
        app.MapGet("/health", async (NpgsqlDataSource database, ServerSettings settings, CancellationToken cancellation) =>
            {
                try
                {
                    var (events, relayed) = await ReadAsync(database, settings.Schema, cancellation);
                    long? lag = relayed is { } r ? Math.Max(0, events - r) : null;
                    return Results.Json(new
                    {
                        status = lag > RelayLagDegraded ? "degraded" : "ok",
                        database = new { ok = true, detail = (string?)null },
                        events,
                        projections = new { lag = 0, detail = "inline: written in each import's transaction" },
                        relay = new { relayed, lag, detail = relayed is null ? "no relay has run on this ledger" : null },
                    });
                }
                catch (Exception e) when (DatabaseFailure.Describe(e, settings.ConnectionString) is { } failure)
                {
                    return Results.Json(new { status = "unavailable", database = new { ok = false, detail = failure } },
                        statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            })
            .WithTags("Health")
            .WithSummary("The database reachable (503 if not), events held, and how far the relay is behind.");
    }

    static async Task<(long Events, long? Relayed)> ReadAsync(NpgsqlDataSource database, string schema, CancellationToken cancellation)
    {
        // A ledger with no event yet has neither table: PostgreSQL refuses a query naming one, even in a branch not taken.
        await using var exists = database.CreateCommand(
            $"select to_regclass('{schema}.mt_events') is not null, to_regclass('{schema}.mt_event_progression') is not null");
        await using var tables = await exists.ExecuteReaderAsync(cancellation);
        await tables.ReadAsync(cancellation);
        var (events, progression) = (tables.GetBoolean(0), tables.GetBoolean(1));
        await tables.CloseAsync();
        if (!events) return (0, null);
        var relayed = progression ? $"(select max(last_seq_id) from {schema}.mt_event_progression where name like '{LedgerRelay.Name}%')" : "null::bigint";
        await using var command = database.CreateCommand($"select (select coalesce(max(seq_id), 0) from {schema}.mt_events), {relayed}");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }
}
