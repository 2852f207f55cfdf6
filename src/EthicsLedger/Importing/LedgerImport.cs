using JasperFx;
using JasperFx.Events;
using Npgsql;
using Wolverine;

namespace EthicsLedger.Importing;

/// <summary>
/// How every caller imports (the command line, and any API): the <see cref="ImportEntries"/> command,
/// run again from a fresh read when another writer changed the ledger under it. Imports lock what
/// they touch, so a lost race is rare (a writer that bypasses the locks, a deadlock PostgreSQL broke);
/// it is retried a few times, then reported in words.
/// </summary>
public static class LedgerImport
{
    public const int Attempts = 5;

    public static async Task<ImportResult> ImportAsync(this IMessageBus bus, IReadOnlyList<ParsedLine> lines, string? recordedBy, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await bus.InvokeAsync<ImportResult>(new ImportEntries(lines, recordedBy), cancellation, timeout: TimeSpan.FromMinutes(30));
            }
            catch (Exception e) when (IsLostRace(e))
            {
                if (attempt == Attempts)
                    throw new ImportRaceLostException(
                        $"another import changed the ledger while this one was being checked, {Attempts} times in a row; " +
                        "nothing was appended. Run the import again.", e);
                // Jittered, growing pauses, so two importers that collided do not collide again in step.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 100) * attempt), cancellation);
            }
        }
    }

    /// <summary>Failures that mean "someone else committed first", each of which leaves nothing appended.</summary>
    public static bool IsLostRace(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case ImportRaceLostException:
                case ConcurrencyException:
                case ExistingStreamIdCollisionException:
                case Marten.Exceptions.ExistingStreamIdCollisionException:
                case Marten.Exceptions.ConcurrentUpdateException:
                // Serialization failure, deadlock broken by PostgreSQL, a unique key taken meanwhile; and
                // a table or index another first import created meanwhile (Marten creates them on first use).
                case PostgresException { SqlState: "40001" or "40P01" or "23505" or "42P07" or "42710" }:
                    return true;
            }
        }
        return false;
    }
}
