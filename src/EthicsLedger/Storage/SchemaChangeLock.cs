using Npgsql;

namespace EthicsLedger.Storage;

/// <summary>
/// One ledger's schema changes, one process at a time. Two processes creating a new ledger's tables, functions or
/// indexes at the same moment collide in PostgreSQL's catalog (<c>create function</c>, even <c>create table if not
/// exists</c>, can fail with a unique violation on <c>pg_proc</c> or <c>pg_type</c>), so every place that makes schema
/// objects checks first whether they exist, and makes them under this lock. It is a session-level advisory lock on the
/// caller's connection: released on return, or by PostgreSQL if the connection dies.
/// </summary>
public static class SchemaChangeLock
{
    public static async Task HoldAsync(NpgsqlConnection connection, string schema, Func<Task> change, CancellationToken cancellation)
    {
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(hashtextextended(@name, 0))", connection) { CommandTimeout = 0 })
        {
            take.Parameters.AddWithValue("name", schema + ":schema-changes");
            await take.ExecuteNonQueryAsync(cancellation);
        }
        try
        {
            await change();
        }
        finally
        {
            // A connection that broke has released it already; unlocking would only hide why the change failed.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var release = new NpgsqlCommand("select pg_advisory_unlock(hashtextextended(@name, 0))", connection);
                release.Parameters.AddWithValue("name", schema + ":schema-changes");
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }
}
