using EthicsLedger.Contracts;
using EthicsLedger.Messaging;
using EthicsLedger.Projections;
using EthicsLedger.Rules;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>An until or due date a commitment's entry named, still ahead when the relay passed that entry.</summary>
/// <param name="Position">The entry that named it: the messages it leads to carry this position.</param>
public sealed record DueDate(string Org, string Commitment, DateOnly Date, LedgerPosition Position);

/// <summary>
/// What time alone brings (a lapse, a missed deadline), told on its day. The relay books each date
/// in the log's database as it passes the entry naming it; every relay host looks for dates that
/// have come, so they fire whichever host is alive. On the day the commitment is judged with
/// everything then known: nothing is told if it was amended, ended or fulfilled first. Two hosts
/// judging the same date tell it once: the log keeps one message per key.
/// </summary>
public sealed class DueDates(IDocumentStore store, MessagingSettings settings, TimeProvider clock, ILogger<DueDates> logger)
    : BackgroundService
{
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Queues the booking of <paramref name="dates"/> in the caller's transaction.</summary>
    public static void Book(IDocumentOperations operations, string schema, IReadOnlyList<DueDate> dates)
    {
        if (dates.Count == 0) return;
        operations.QueueSqlCommand($"""
            insert into {MessageLog.Dates(schema)} (org, commitment, date, stream, version, sequence)
            select * from unnest(?::varchar[], ?::varchar[], ?::date[], ?::varchar[], ?::bigint[], ?::bigint[])
            on conflict do nothing
            """,
            dates.Select(d => d.Org).ToArray(), dates.Select(d => d.Commitment).ToArray(), dates.Select(d => d.Date).ToArray(),
            dates.Select(d => d.Position.Stream).ToArray(), dates.Select(d => d.Position.Version).ToArray(),
            dates.Select(d => d.Position.Sequence).ToArray());
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var schema = store.Options.DatabaseSchemaName;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await TellDueAsync(schema, stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The database is away (restarting, say): the dates wait in it, and the next look finds them.
                logger.LogWarning(e, "could not check due dates; trying again in {Interval}", settings.DateCheckInterval);
            }
            try
            {
                await Task.Delay(settings.DateCheckInterval, clock, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Tells what every date that has come brings, and forgets those dates, in one transaction.</summary>
    public async Task TellDueAsync(string schema, CancellationToken cancellation)
    {
        var today = Today(clock);
        var due = await DueAsync(schema, today, cancellation);
        if (due.Count == 0) return;
        var told = new List<LedgerMessage>();
        foreach (var org in due.GroupBy(d => d.Org))
        {
            var ledger = OrganizationLedger.Of(org.Key, await store.EntriesOfAsync(org.Key, cancellation), DateTimeOffset.MaxValue);
            foreach (var date in org.OrderBy(d => d.Position.Sequence))
                if (ledger.Commitments.TryGetValue(date.Commitment, out var timeline))
                    // Only what time brings: every other fact was told by the relay as it passed its entry.
                    told.AddRange(Announcements.For(timeline, ledger.Conducts, today)
                        .Select(a => a.Message).Where(m => m is CommitmentLapsed or DeadlineMissed)
                        .Select(m => m with { Position = date.Position }));
        }
        await using var session = store.LightweightSession();
        MessageLog.Append(session, schema, told);
        session.QueueSqlCommand($"delete from {MessageLog.Dates(schema)} where (commitment, date) in (select * from unnest(?::varchar[], ?::date[]))",
            due.Select(d => d.Commitment).ToArray(), due.Select(d => d.Date).ToArray());
        await session.SaveChangesAsync(cancellation);
    }

    async Task<IReadOnlyList<DueDate>> DueAsync(string schema, DateOnly today, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select org, commitment, date, stream, version, sequence from {MessageLog.Dates(schema)} where date <= @today order by sequence", connection);
        command.Parameters.AddWithValue("today", today);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var due = new List<DueDate>();
        while (await reader.ReadAsync(cancellation))
            due.Add(new DueDate(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2),
                new LedgerPosition(reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5))));
        return due;
    }
}
