using EthicsLedger.Hosting.Audit;
using EthicsLedger.Integrity.Notes;
using Npgsql;

namespace EthicsLedger.Hosting.Witnessing;

/// <summary><c>verify --witness-policy</c>: the latest checkpoint in the database must carry a quorum of the policy's cosignatures.</summary>
public static class WitnessVerification
{
    public const string QuorumNotMet = "witness-quorum-not-met";

    public static async Task<IReadOnlyList<VerificationProblem>> ProblemsAsync(string connectionString, string schema, string origin,
        WitnessPolicy policy, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using (var exists = new NpgsqlCommand($"select to_regclass('{IntegrityTables.Checkpoints(schema)}') is not null", connection))
            if (!(bool)(await exists.ExecuteScalarAsync(cancellation))!)
                return [Problem("there is no checkpoint, so nothing a witness cosigned")];
        var checkpoints = await IntegrityTables.ReadCheckpointsAsync(connection, schema, cancellation);
        if (checkpoints.Count == 0) return [Problem("there is no checkpoint, so nothing a witness cosigned")];
        var latest = checkpoints[^1];
        var root = Convert.FromHexString(latest.RootHash);
        var note = await NoteSignatureTable.ReadAsync(connection, schema, origin, latest.TreeSize, root, cancellation);
        return policy.QuorumProblem(note, latest.TreeSize, root) is { } problem ? [Problem(problem)] : [];
    }

    static VerificationProblem Problem(string detail) => new(QuorumNotMet, null, null, null, detail);
}
