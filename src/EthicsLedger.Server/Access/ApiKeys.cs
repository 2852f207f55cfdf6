using System.Security.Cryptography;
using System.Text;
using EthicsLedger.Entries;
using EthicsLedger.Storage;
using Npgsql;

namespace EthicsLedger.Server.Access;

/// <summary>A key as the server knows it: never the token itself, only its hash.</summary>
public sealed record ApiKey(string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>Who a write with this key is recorded as (<see cref="Recorders"/>), part of each event's digest.</summary>
    public string Recorder => Recorders.Key(Name);
}

/// <summary>
/// API keys in <c>&lt;schema&gt;.ledger_api_keys</c>. A token is <c>elk_</c> and 43 characters of
/// base64url (32 random bytes); the table holds its SHA-256 — a plain hash suffices because the token
/// is random, not a password — so a copy of the database yields no usable key. Names are unique,
/// forever: a revoked name is not given again, so a recorder always names one key.
/// </summary>
public static partial class ApiKeys
{
    /// <summary>A recorder's line of the digest record is <c>key:NAME</c>, so a name is one line of safe characters.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9._@-]{0,99}$")]
    private static partial System.Text.RegularExpressions.Regex ValidName();

    public const string Prefix = "elk_";

    public static string Table(string schema) => $"{schema}.ledger_api_keys";

    /// <summary>
    /// Makes the schema and the table when missing, and only then: the application role may create nothing
    /// (not even with IF NOT EXISTS), but finds them made by the owner (keys create, migrate).
    /// </summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using (var exists = new NpgsqlCommand($"select to_regclass('{Table(schema)}') is not null", connection))
            if ((bool)(await exists.ExecuteScalarAsync(cancellation))!) return;
        await SchemaChangeLock.HoldAsync(connection, schema, async () =>
        {
            await using var command = new NpgsqlCommand($"""
                create schema if not exists {schema};
                create table if not exists {Table(schema)} (
                    name varchar(100) primary key,
                    role varchar(20) not null,
                    token_sha256 bytea not null unique,
                    created_at timestamptz not null default now(),
                    revoked_at timestamptz);
                """, connection);
            await command.ExecuteNonQueryAsync(cancellation);
        }, cancellation);
    }

    /// <summary>Creates a key and returns its token, the only time it exists in clear.</summary>
    public static async Task<string> CreateAsync(NpgsqlConnection connection, string schema, string name, string role, CancellationToken cancellation)
    {
        if (!ValidName().IsMatch(name))
            throw new KeyRefusedException($"a key name is 1–100 characters of a–z, 0–9, '.', '_', '@' or '-', starting with a letter or digit; got '{name}'");
        if (!Roles.All.Contains(role)) throw new KeyRefusedException($"the role must be one of {string.Join(", ", Roles.All)}; got '{role}'");
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var command = new NpgsqlCommand($"insert into {Table(schema)} (name, role, token_sha256) values (@name, @role, @hash) on conflict (name) do nothing", connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("hash", Hash(token));
        if (await command.ExecuteNonQueryAsync(cancellation) == 0)
            throw new KeyRefusedException($"there is already a key named '{name}' (names are never reused, even after revoking)");
        return token;
    }

    /// <returns>False when there is no such key, or it was already revoked.</returns>
    public static async Task<bool> RevokeAsync(NpgsqlConnection connection, string schema, string name, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"update {Table(schema)} set revoked_at = now() where name = @name and revoked_at is null", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteNonQueryAsync(cancellation) == 1;
    }

    public static async Task<IReadOnlyList<ApiKey>> ListAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select name, role, created_at, revoked_at from {Table(schema)} order by created_at, name", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellation))
            keys.Add(new ApiKey(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3)));
        return keys;
    }

    /// <summary>The live key a token belongs to, or null (unknown, malformed or revoked: the caller cannot tell which, nor can an attacker).</summary>
    public static async Task<ApiKey?> FindAsync(NpgsqlDataSource database, string schema, string token, CancellationToken cancellation)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100) return null;
        await using var command = database.CreateCommand($"select name, role, created_at from {Table(schema)} where token_sha256 = @hash and revoked_at is null");
        command.Parameters.AddWithValue("hash", Hash(token));
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? new ApiKey(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), null)
            : null;
    }

    static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

/// <summary>A key that cannot be made as asked, in words for the person asking.</summary>
public sealed class KeyRefusedException(string message) : Exception(message);
