using EthicsLedger.Entries;
using Marten;
using Npgsql;

namespace EthicsLedger.Importing;

/// <summary>
/// Makes concurrent imports serializable: before it reads the ledger, an import takes a PostgreSQL
/// transaction-scoped advisory lock on every organization, commitment and conduct id it touches, so
/// whatever another import commits on any of them happens wholly before this import's reads or wholly
/// after its commit. Imports of disjoint organizations take disjoint locks and run side by side.
/// The reasons for this design, and its cost, are in docs/design.md.
/// </summary>
public static class ImportLocks
{
    /// <summary>
    /// Above this many keys an import takes the whole ledger instead: PostgreSQL keeps each lock in a
    /// shared table of bounded size (max_locks_per_transaction), so one lock per key does not scale to
    /// a file of a million lines. Every import takes the ledger lock first — shared when it locks keys,
    /// exclusive when it locks everything — so the two kinds exclude each other correctly.
    /// </summary>
    public const int MostKeys = 200;

    public static async Task<LockedScope> TakeAsync(
        IDocumentSession session, IEnumerable<string> orgs, IEnumerable<string> commitments, IEnumerable<string> conductIds,
        CancellationToken cancellation)
    {
        var orgSet = orgs.ToHashSet(StringComparer.Ordinal);
        var keys = orgSet.Select(Streams.ForOrg)
            .Concat(commitments.Select(Streams.ForCommitment))
            .Concat(conductIds.Select(id => "conduct:" + id))
            .Distinct(StringComparer.Ordinal).ToArray();
        var everything = keys.Length > MostKeys;

        // Keys are hashed into PostgreSQL's 64-bit lock space, prefixed with the schema so two ledgers
        // in one database never wait on each other. A collision only makes two imports wait in turn.
        // Locks are taken in one order (by hash) everywhere, so imports cannot deadlock on them.
        var sql = everything
            ? "select pg_advisory_xact_lock(hashtextextended(@ledger, 0))"
            : """
              select pg_advisory_xact_lock_shared(hashtextextended(@ledger, 0));
              select pg_advisory_xact_lock(h) from (
                select distinct hashtextextended(@ledger || ':' || k, 0) as h from unnest(@keys) as k order by h) as locks;
              """;
        await using var command = new NpgsqlCommand(sql, session.Connection)
        {
            // Waiting for another import to commit may take as long as that import does.
            CommandTimeout = 0,
        };
        command.Parameters.AddWithValue("ledger", session.DocumentStore.Options.Events.DatabaseSchemaName + ":imports");
        command.Parameters.AddWithValue("keys", keys);
        await command.ExecuteNonQueryAsync(cancellation);
        return everything ? LockedScope.Everything : new LockedScope(orgSet);
    }
}

/// <summary>The organizations an import holds: whatever it reads of any other is not protected from a concurrent writer.</summary>
public sealed class LockedScope(IReadOnlySet<string>? orgs)
{
    public static readonly LockedScope Everything = new(null);

    public bool Holds(string org) => orgs is null || orgs.Contains(org);
}
