using EthicsLedger.Integrity.Notes;
using EthicsLedger.Storage;
using Npgsql;

namespace EthicsLedger.Hosting.Witnessing;

/// <summary>
/// <c>ledger_note_signatures</c>: every signature line of each checkpoint's signed note — the
/// ledger's own Ed25519 signature, then each witness's cosignature — with the origin the note was
/// written for. A table rather than files beside the key: bundles and <c>verify</c> read them where
/// they read the checkpoints, and nothing here needs secrecy: a line cannot be forged, only deleted,
/// and a deleted cosignature shows as a quorum not met.
/// </summary>
public static class NoteSignatureTable
{
    public static string Name(string schema) => $"{schema}.ledger_note_signatures";

    public static async Task EnsureAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        if (await ExistsAsync(connection, schema, cancellation)) return;
        await SchemaChangeLock.HoldAsync(connection, schema, async () =>
        {
            await using var command = new NpgsqlCommand($"""
                create table if not exists {Name(schema)} (
                    tree_size   bigint not null,
                    origin      varchar not null,
                    line        varchar not null,
                    received_at timestamptz not null default now(),
                    primary key (tree_size, line));
                """, connection);
            await command.ExecuteNonQueryAsync(cancellation);
        }, cancellation);
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select to_regclass('{Name(schema)}') is not null", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }

    public static async Task AddAsync(NpgsqlConnection connection, string schema, long treeSize, string origin, NoteSignature signature, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"insert into {Name(schema)} (tree_size, origin, line) values ($1, $2, $3) on conflict do nothing", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = treeSize });
        command.Parameters.Add(new NpgsqlParameter { Value = origin });
        command.Parameters.Add(new NpgsqlParameter { Value = signature.Line.TrimEnd('\n') });
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// The signed note of the checkpoint of <paramref name="treeSize"/> and <paramref name="root"/>
    /// under <paramref name="origin"/>, its lines in the order they arrived; null when it has none.
    /// Lines stored under another origin, or unreadable, are left out.
    /// </summary>
    public static async Task<SignedNote?> ReadAsync(NpgsqlConnection connection, string schema, string origin, long treeSize, byte[] root, CancellationToken cancellation)
    {
        if (!await ExistsAsync(connection, schema, cancellation)) return null;
        var lines = new List<NoteSignature>();
        await using var command = new NpgsqlCommand(
            $"select line from {Name(schema)} where tree_size = $1 and origin = $2 order by received_at, line", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = treeSize });
        command.Parameters.Add(new NpgsqlParameter { Value = origin });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            try { lines.Add(NoteSignature.ParseLine(reader.GetString(0))); }
            catch (FormatException) { }
        }
        return lines.Count == 0 ? null : new SignedNote(new CheckpointNote(origin, treeSize, root).Text, lines);
    }

    /// <summary>The signed note of <paramref name="latest"/> under the ledger's origin, as text; null without a checkpoint or a note.</summary>
    public static async Task<string?> LatestNoteAsync(NpgsqlConnection connection, string schema, Integrity.Checkpoint? latest, CancellationToken cancellation) =>
        latest is null ? null
            : (await ReadAsync(connection, schema, LedgerOrigin.Of(schema), latest.TreeSize, Convert.FromHexString(latest.RootHash), cancellation))?.Format();
}
