using System.Security.Cryptography;
using System.Text;
using EthicsLedger.Hosting.Audit;
using Npgsql;

namespace EthicsLedger.Hosting.Database;

/// <summary>
/// Least privilege (docs/least-privilege.md): the ledger's schema belongs to an <em>owner</em> role,
/// which creates and migrates it; the application logs in as an <em>app</em> role that may append
/// events and read them, and keep the read models and Wolverine's tables, but may not rewrite or
/// delete an event, nor create or alter anything. PostgreSQL itself enforces it.
/// </summary>
public static class LedgerRoles
{
    /// <summary>The event log: appended and read, never updated, deleted or truncated.</summary>
    public const string EventsTable = "mt_events";

    /// <summary>One row per stream; an append onto an existing stream moves its version forward.</summary>
    public const string StreamsTable = "mt_streams";

    /// <summary>Marten's document tables (the read models) are named <c>mt_doc_…</c>.</summary>
    public const string DocumentTablePrefix = "mt_doc_";

    /// <summary>
    /// The integrity log's tables (<c>ledger_leaves</c>, <c>ledger_checkpoints</c>, …) are written only by
    /// the checkpointer, as the owner: the application may read them and nothing else, so it can neither
    /// slip a leaf under a forged event nor block checkpointing with a forged row.
    /// </summary>
    public const string IntegrityTablePrefix = "ledger_";

    /// <summary>
    /// Connected as the owner of <paramref name="schema"/> (the role that ran Marten's schema creation,
    /// or a superuser), creates the login role <paramref name="appRole"/> if missing and sets exactly
    /// its privileges on the schema's current objects. Idempotent: every privilege the app role held
    /// there is revoked first, so running it again after a migration (new tables, functions) corrects
    /// any drift. Objects created later get no privileges until it runs again: a new table fails closed.
    /// An existing role keeps its name and gets <paramref name="appPassword"/> as its password.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The schema does not exist, the app role is or acts as the owner or a superuser, or after granting
    /// it could still change an event or create objects.
    /// </exception>
    public static async Task GrantAsync(string ownerConnectionString, string schema, string appRole, string appPassword,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        ArgumentException.ThrowIfNullOrWhiteSpace(appRole);
        ArgumentNullException.ThrowIfNull(appPassword);

        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var owner = await ScalarAsync<string>(connection, "select nspowner::regrole::text from pg_namespace where nspname = @schema",
            ct, ("schema", schema)) ?? throw new InvalidOperationException(
                $"Schema '{schema}' does not exist: create it and its objects as the owner first (docs/least-privilege.md).");
        if (string.Equals(Unquoted(owner), appRole, StringComparison.Ordinal))
            throw new InvalidOperationException($"Role '{appRole}' owns schema '{schema}'; the application role must be another role.");

        // The guard that keeps the application from choosing an event's sequence number is part of what it is granted on.
        await IntegrityTables.EnsureAsync(connection, schema, ct);

        var role = Identifier(appRole);
        var s = Identifier(schema);
        var password = await PasswordLiteralAsync(connection, appPassword, ct);

        if (await ScalarAsync<bool>(connection, "select exists (select 1 from pg_roles where rolname = @role)", ct, ("role", appRole)))
        {
            await RefuseMightyRoleAsync(connection, appRole, owner, ct);
            await ExecuteAsync(connection, $"alter role {role} with login password {password}", ct);
        }
        else
        {
            await ExecuteAsync(connection,
                $"create role {role} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit password {password}", ct);
        }

        // A partition is reached directly as well as through its parent: it takes its root's privileges.
        var tables = await PairsAsync(connection,
            "select c.relname, r.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            "join pg_class r on r.oid = coalesce(pg_partition_root(c.oid), c.oid) " +
            "where n.nspname = @schema and c.relkind in ('r', 'p', 'v', 'm', 'f') order by 1", ct, ("schema", schema));
        var sequences = await ListAsync(connection,
            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            "where n.nspname = @schema and c.relkind = 'S' order by 1", ct, ("schema", schema));
        var ownedByApp = await ListAsync(connection,
            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            "where n.nspname = @schema and c.relowner = @role::regrole " +
            "union all select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace " +
            "where n.nspname = @schema and p.proowner = @role::regrole", ct, ("schema", schema), ("role", role));
        if (ownedByApp.Count > 0)
            throw new InvalidOperationException(
                $"Role '{appRole}' owns {string.Join(", ", ownedByApp)} in schema '{schema}'; an owner may do anything to what it owns. " +
                "Reassign them to the schema's owner (REASSIGN OWNED or ALTER … OWNER TO) first.");

        // Start from nothing, then grant exactly what the application needs.
        await ExecuteAsync(connection, $"revoke all on schema {s} from public, {role}", ct);
        await ExecuteAsync(connection, $"revoke all on all tables in schema {s} from public, {role}", ct);
        await ExecuteAsync(connection, $"revoke all on all sequences in schema {s} from public, {role}", ct);
        await ExecuteAsync(connection, $"revoke all on all routines in schema {s} from public, {role}", ct);

        // Reach the schema's objects; no CREATE, so no new tables, functions or triggers of its own.
        await ExecuteAsync(connection, $"grant usage on schema {s} to {role}", ct);
        foreach (var (table, root) in tables)
        {
            var privileges = root switch
            {
                EventsTable => "select, insert",
                _ when root.StartsWith(IntegrityTablePrefix, StringComparison.Ordinal) => "select",
                // Appending to an existing stream moves mt_streams.version forward (mt_quick_append_events).
                StreamsTable => "select, insert, update",
                // Read models: derived from the events, so wiped and rebuilt at will (a rebuild truncates them).
                _ when root.StartsWith(DocumentTablePrefix, StringComparison.Ordinal) => "select, insert, update, delete, truncate",
                // Marten's progression tables, Wolverine's envelopes and nodes: transient state.
                _ => "select, insert, update, delete",
            };
            await ExecuteAsync(connection, $"grant {privileges} on table {s}.{Identifier(table)} to {role}", ct);
        }
        // nextval for event sequence numbers and Wolverine's identity columns. Not UPDATE: that is
        // setval, which could wind the event sequence back.
        foreach (var sequence in sequences)
            await ExecuteAsync(connection, $"grant usage, select on sequence {s}.{Identifier(sequence)} to {role}", ct);
        // Marten's functions run with the caller's privileges (SECURITY INVOKER): EXECUTE adds no power of its own.
        await ExecuteAsync(connection, $"grant execute on all routines in schema {s} to {role}", ct);

        await VerifyAsync(connection, schema, appRole, tables, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The owner's connection string with the app role's user name and password in their place.</summary>
    public static string AppConnectionString(string ownerConnectionString, string appRole, string appPassword)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString)
        {
            // Without a database named, PostgreSQL takes the user's name: the owner's database, not one named after the role.
            Database = string.IsNullOrEmpty(owner.Database) ? owner.Username ?? Environment.UserName : owner.Database,
            Username = appRole,
            Password = appPassword,
        };
        // The owner's credentials must not come along by another road.
        builder.Passfile = null;
        return builder.ConnectionString;
    }

    /// <summary>
    /// The SCRAM-SHA-256 verifier PostgreSQL stores for <paramref name="password"/> with this salt and
    /// iteration count (RFC 5802/7677 as PostgreSQL writes it). Sending it in place of the password
    /// keeps the clear text out of server logs and statement statistics.
    /// </summary>
    public static string ScramVerifier(string password, byte[] salt, int iterations = 4096)
    {
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }

    /// <summary>A double-quoted identifier, inner quotes doubled, so any name is taken literally.</summary>
    public static string Identifier(string name)
    {
        if (name.Contains('\0')) throw new ArgumentException("An identifier cannot contain a NUL character.", nameof(name));
        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>A single-quoted string literal, safe whatever <c>standard_conforming_strings</c> says.</summary>
    public static string Literal(string value, bool standardConformingStrings = true)
    {
        if (value.Contains('\0')) throw new ArgumentException("A string literal cannot contain a NUL character.", nameof(value));
        var escaped = value.Replace("'", "''");
        // With standard_conforming_strings off, a backslash escapes in '…'; E'…' makes it escape in every setting.
        return standardConformingStrings ? "'" + escaped + "'" : "E'" + escaped.Replace("\\", "\\\\") + "'";
    }

    static async Task<string> PasswordLiteralAsync(NpgsqlConnection connection, string password, CancellationToken ct)
    {
        var conforming = await ScalarAsync<string>(connection, "select current_setting('standard_conforming_strings')", ct) == "on";
        // PostgreSQL applies SASLprep to non-ASCII passwords before hashing; only pure printable
        // ASCII, which it leaves as is, is hashed here. Anything else goes as text for the server to hash.
        var hashHere = password.Length > 0 && password.All(c => c is >= ' ' and <= '~')
                       && await ScalarAsync<string>(connection, "select current_setting('password_encryption')", ct) == "scram-sha-256";
        return Literal(hashHere ? ScramVerifier(password, RandomNumberGenerator.GetBytes(16)) : password, conforming);
    }

    /// <summary>An existing role that is a superuser, bypasses row security or acts as the owner would make every grant moot.</summary>
    static async Task RefuseMightyRoleAsync(NpgsqlConnection connection, string appRole, string owner, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb, pg_has_role(r.oid, @owner::regrole, 'USAGE') " +
            "from pg_roles r where r.rolname = @role", connection);
        command.Parameters.AddWithValue("role", appRole);
        command.Parameters.AddWithValue("owner", owner);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var problems = new List<string>();
        if (reader.GetBoolean(0)) problems.Add("is a superuser");
        if (reader.GetBoolean(1)) problems.Add("bypasses row-level security");
        if (reader.GetBoolean(2)) problems.Add("may create roles");
        if (reader.GetBoolean(3)) problems.Add("may create databases");
        if (reader.GetBoolean(4)) problems.Add($"has the privileges of the owner {owner}");
        if (problems.Count > 0)
            throw new InvalidOperationException(
                $"Role '{appRole}' {string.Join(", ", problems)}: it cannot be the ledger's application role. Choose another role name.");
    }

    /// <summary>Asks PostgreSQL, after granting, what the app role may do, whatever the road (PUBLIC, memberships).</summary>
    static async Task VerifyAsync(NpgsqlConnection connection, string schema, string appRole,
        IReadOnlyList<(string Table, string Root)> tables, CancellationToken ct)
    {
        var problems = new List<string>();
        if (await ScalarAsync<bool>(connection, "select has_schema_privilege(@role, @schema, 'CREATE')", ct, ("role", appRole), ("schema", schema)))
            problems.Add($"CREATE on schema {schema}");
        foreach (var (table, root) in tables.Where(t => t.Root == EventsTable || t.Root.StartsWith(IntegrityTablePrefix, StringComparison.Ordinal)))
        {
            var name = Identifier(schema) + "." + Identifier(table);
            string[] refused = root == EventsTable
                ? ["UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"]
                : ["INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"];
            foreach (var privilege in refused)
            {
                if (await ScalarAsync<bool>(connection, "select has_table_privilege(@role, @table, @privilege)", ct,
                        ("role", appRole), ("table", name), ("privilege", privilege)))
                    problems.Add($"{privilege} on {schema}.{table}");
            }
            // A column-level grant would let it change one field of an event.
            if (await ScalarAsync<bool>(connection, "select has_any_column_privilege(@role, @table, 'UPDATE')", ct,
                    ("role", appRole), ("table", name)))
                problems.Add($"UPDATE on columns of {schema}.{table}");
        }
        if (problems.Count > 0)
            throw new InvalidOperationException(
                $"After granting, role '{appRole}' still has {string.Join(", ", problems)} (through PUBLIC or a role it belongs to). Nothing was changed.");
    }

    /// <summary><c>regrole::text</c> quotes names that need it.</summary>
    static string Unquoted(string name) =>
        name.Length >= 2 && name[0] == '"' && name[^1] == '"' ? name[1..^1].Replace("\"\"", "\"") : name;

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync(ct);
        return result is null or DBNull ? default : (T)result;
    }

    static async Task<IReadOnlyList<(string, string)>> PairsAsync(NpgsqlConnection connection, string sql, CancellationToken ct,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var pairs = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) pairs.Add((reader.GetString(0), reader.GetString(1)));
        return pairs;
    }

    static async Task<IReadOnlyList<string>> ListAsync(NpgsqlConnection connection, string sql, CancellationToken ct,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }
}
