using System.Text.Json;
using System.Text.RegularExpressions;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Database;
using EthicsLedger.Tests.Support;
using JasperFx;
using JasperFx.Resources;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

/// <summary>
/// docs/least-privilege.md: the application's role may append and read events, but PostgreSQL
/// refuses it any change to one and any new object; the ledger still works through it.
/// </summary>
public class LeastPrivilegeTests : IClassFixture<LeastPrivilegeTests.Granted>
{
    /// <summary>A ledger made by the owner, then an application role granted on it. The role is dropped afterwards.</summary>
    public sealed class Granted : LedgerFixture, IAsyncLifetime
    {
        public string AppRole { get; } = UniqueRole();
        // Quotes and a backslash: the password must reach PostgreSQL as written.
        public string AppPassword { get; } = "pw'\"\\" + Guid.NewGuid().ToString("N");
        public string AppConnectionString => LedgerRoles.AppConnectionString(ConnectionString, AppRole, AppPassword);
        public string EditorToken { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var run = await ImportAsync(Org("acme"), Made("acme-c", "acme", "2020-01-01"));
            run.Exit.ShouldBe(0, run.ToString());
            // Keys are made by the owner, where the database is held; the server only reads them.
            EditorToken = (await RunAsync("keys", "create", "lp-editor", "--role", "editor")).Json.Trim();
            await LedgerRoles.GrantAsync(ConnectionString, Schema, AppRole, AppPassword);
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            await DropRoleAsync(this, AppRole);
        }

        /// <summary>The ledger as the application sees it: the same host and schema, logged in as the app role.</summary>
        public LedgerConnection AppLedger(Action<IServiceCollection>? configure = null) =>
            new(AppConnectionString, Schema, configure: configure) { Keys = KeysFolder };
    }

    readonly Granted _fixture;
    public LeastPrivilegeTests(Granted fixture) => _fixture = fixture;

    string Events => $"{_fixture.Schema}.mt_events";

    [Fact]
    public async Task the_application_role_can_read_events_but_postgresql_refuses_it_update_delete_and_truncate()
    {
        await using var app = await OpenAsync(_fixture.AppConnectionString);
        (await ScalarAsync(app, "select current_user")).ShouldBe(_fixture.AppRole);
        ((long)(await ScalarAsync(app, $"select count(*) from {Events} where stream_id = 'org:acme'"))!).ShouldBe(1);

        await RefusedAsync(app, $"update {Events} set data = '{{}}'::jsonb where stream_id = 'org:acme'");
        await RefusedAsync(app, $"update {Events} set is_archived = true");
        await RefusedAsync(app, $"delete from {Events} where stream_id = 'org:acme'");
        await RefusedAsync(app, $"truncate {Events}");
        await RefusedAsync(app, $"delete from {_fixture.Schema}.mt_streams");
        await RefusedAsync(app, $"select setval('{_fixture.Schema}.mt_events_sequence', 1)");

        (await _fixture.ScalarAsync<long>($"select count(*) from {Events} where stream_id = 'org:acme' and data <> '{{}}'::jsonb and not is_archived"))
            .ShouldBe(1);
    }

    [Fact]
    public async Task the_application_role_cannot_write_the_integrity_log_nor_choose_an_events_sequence_number()
    {
        // A ledger of its own: this test appends, and the class's other tests count what the shared one holds.
        await using var owner = new LedgerFixture();
        await owner.InitializeAsync();
        await StoryInParts.ImportAsync(owner);
        (await owner.RunAsync("checkpoint")).Exit.ShouldBe(0);
        var role = UniqueRole();
        try
        {
            await LedgerRoles.GrantAsync(owner.ConnectionString, owner.Schema, role, "pw");
            var appConnection = LedgerRoles.AppConnectionString(owner.ConnectionString, role, "pw");
            await using var app = await OpenAsync(appConnection);
            var events = $"{owner.Schema}.mt_events";

            await RefusedAsync(app, $"insert into {owner.Schema}.ledger_leaves (leaf_index, seq_id, stream_id, version, digest) values (1000, 0, 'org:forged', 1, repeat('0', 64))");
            await RefusedAsync(app, $"insert into {owner.Schema}.ledger_checkpoints (tree_size, root_hash, signed_at, key_id, signature) values (1000, repeat('0', 64), now(), 'k', 's')");
            await RefusedAsync(app, $"delete from {owner.Schema}.ledger_leaves");
            string Forged(long sequence) => $"""
                insert into {events} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived)
                values ({sequence}, gen_random_uuid(), 'org:forged', 1, jsonb_build_object(), 'organization.registered', now(), '*DEFAULT*', 'x', false)
                """;
            // Before drawing any number from the sequence, there is no number it may use.
            await using (var first = new NpgsqlCommand(Forged(0), app))
                (await Should.ThrowAsync<PostgresException>(() => first.ExecuteNonQueryAsync())).SqlState.ShouldBe(PostgresErrorCodes.ObjectNotInPrerequisiteState);
            await using (var draw = new NpgsqlCommand($"select nextval('{owner.Schema}.mt_events_sequence')", app)) await draw.ExecuteScalarAsync();
            foreach (var sequence in new[] { 0L, 1_000_000L }) await RefusedAsync(app, Forged(sequence));

            // What it is allowed, appending through Marten, still works, and what it tried left nothing behind.
            await using (var ledger = new LedgerConnection(appConnection, owner.Schema) { Keys = owner.KeysFolder })
                (await LedgerFixture.RunAsync(ledger, "import", await LedgerFixture.WriteFileAsync(Org("after-forgery")))).Exit.ShouldBe(0);
            (await owner.ScalarAsync<long>($"select count(*) from {events} where stream_id = 'org:forged'")).ShouldBe(0);
            (await owner.RunAsync("checkpoint")).Exit.ShouldBe(0);
            var verify = await owner.RunAsync("verify");
            verify.Exit.ShouldBe(0, verify.ToString());
        }
        finally
        {
            await DropRoleAsync(owner, role);
        }
    }

    [Fact]
    public async Task a_sequence_guard_made_by_an_older_version_is_made_again_by_the_owner_and_the_application_role_is_told_to_migrate()
    {
        await using var owner = new LedgerFixture();
        await owner.InitializeAsync();
        (await owner.ImportAsync(Org("old-guard"))).Exit.ShouldBe(0);
        (await owner.RunAsync("checkpoint")).Exit.ShouldBe(0);
        // The guard as 0.9 made it: every row of the tombstone stream let through, whatever its type.
        const string OldGuard = "if new.stream_id <> 'mt_tombstone' and new.seq_id is distinct from currval('{0}.mt_events_sequence') then";
        var current = (await owner.ScalarAsync<string>($"select pg_get_functiondef('{owner.Schema}.ledger_sequence_guard'::regproc)"))!;
        var old = System.Text.RegularExpressions.Regex.Replace(current, @"if not \(.*?\) and new\.seq_id is distinct from currval\('[^']+'\) then",
            string.Format(OldGuard, owner.Schema));
        old.ShouldNotBe(current);
        var role = UniqueRole();
        try
        {
            // Granted first: granting, as the owner, makes the guard of today.
            await LedgerRoles.GrantAsync(owner.ConnectionString, owner.Schema, role, "pw");
            await owner.ExecuteAsync(old);
            await using (var app = new LedgerConnection(LedgerRoles.AppConnectionString(owner.ConnectionString, role, "pw"), owner.Schema) { Keys = owner.KeysFolder })
            {
                var refused = await LedgerFixture.RunAsync(app, "verify");
                refused.Exit.ShouldBe(1, refused.ToString());
                refused.Errors.ShouldContain("run `ethicsledger migrate` with the schema owner's connection string");
            }

            var verify = await owner.RunAsync("verify");
            verify.Exit.ShouldBe(0, verify.ToString());
            (await owner.ScalarAsync<string>($"select pg_get_functiondef('{owner.Schema}.ledger_sequence_guard'::regproc)"))!.ShouldContain("new.type");
        }
        finally
        {
            await DropRoleAsync(owner, role);
        }
    }

    [Fact]
    public async Task martens_functions_give_the_application_role_no_power_of_their_own()
    {
        await using var app = await OpenAsync(_fixture.AppConnectionString);
        // SECURITY INVOKER: archiving a stream updates mt_events, so it is refused like a direct UPDATE.
        await RefusedAsync(app, $"select {_fixture.Schema}.mt_archive_stream('org:acme')");
    }

    [Fact]
    public async Task the_application_role_cannot_create_or_alter_objects()
    {
        await using var app = await OpenAsync(_fixture.AppConnectionString);
        await RefusedAsync(app, $"create table {_fixture.Schema}.mine (id int)");
        // Even when the table is there: PostgreSQL checks CREATE on the schema first.
        await RefusedAsync(app, $"create table if not exists {Events} (id int)");
        await RefusedAsync(app, $"create function {_fixture.Schema}.mine() returns int language sql as 'select 1'");
        await RefusedAsync(app, $"alter table {Events} add column rewritten boolean");
        await RefusedAsync(app, $"alter table {Events} disable trigger all");
        await RefusedAsync(app, $"drop table {Events}");
        await RefusedAsync(app, $"create schema {LedgerRoles.Identifier(_fixture.AppRole)}");
        await RefusedAsync(app, "create table public.mine (id int)");
    }

    [Fact]
    public async Task an_import_and_a_stance_work_through_the_application_role_and_a_rebuild_is_refused_in_words()
    {
        await using var ledger = _fixture.AppLedger();
        var file = await LedgerFixture.WriteFileAsync(
            Org("globex"),
            Made("globex-c", "globex", "2020-03-01"),
            // Onto a stream the owner started: moves its version in mt_streams.
            Withdrawn("acme-c", "2021-01-01"));

        var import = await LedgerFixture.RunAsync(ledger, "import", file);
        import.Exit.ShouldBe(0, import.ToString());
        import.Console.ShouldContain("Appended 3");

        var stance = await LedgerFixture.RunAsync(ledger, "stance", "acme", "--as-of", "2021-06-01", "--json");
        stance.Exit.ShouldBe(0, stance.ToString());
        var commitment = JsonDocument.Parse(stance.Json).RootElement.GetProperty("commitments").EnumerateArray().ShouldHaveSingleItem();
        commitment.GetProperty("status").GetString().ShouldBe("withdrawn");
        (await _fixture.ScalarAsync<long>($"select version from {_fixture.Schema}.mt_streams where id = 'commitment:acme-c'")).ShouldBe(2);

        // The read models are indexes on the event table, which only its owner may rebuild.
        var rebuild = await LedgerFixture.RunAsync(ledger, "projections", "rebuild");
        rebuild.Exit.ShouldBe(1, rebuild.ToString());
        rebuild.Errors.ShouldContain("only the schema's owner may do");
        var after = await LedgerFixture.RunAsync(ledger, "stance", "acme", "--as-of", "2021-06-01", "--json");
        JsonDocument.Parse(after.Json).RootElement.GetProperty("commitments").GetRawText()
            .ShouldBe(JsonDocument.Parse(stance.Json).RootElement.GetProperty("commitments").GetRawText());
    }

    [Fact]
    public async Task the_server_runs_as_the_application_role_and_the_role_cannot_make_itself_a_key()
    {
        await using var server = EthicsLedger.Server.LedgerServer.Build(
            new EthicsLedger.Server.ServerSettings(_fixture.AppConnectionString, _fixture.Schema) { Urls = "http://127.0.0.1:0", Keys = _fixture.KeysFolder });
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", _fixture.EditorToken);

        using var import = await http.PostAsync("/api/imports", new StringContent(Org("initech")));
        import.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
        (await http.GetStringAsync("/api/organizations")).ShouldContain("initech");

        await using var app = await OpenAsync(_fixture.AppConnectionString);
        await RefusedAsync(app, $"insert into {_fixture.Schema}.ledger_api_keys (name, role, token_sha256) values ('mallory', 'admin', '\\x00')");
        await RefusedAsync(app, $"update {_fixture.Schema}.ledger_api_keys set revoked_at = null");
    }

    [Fact]
    public async Task an_import_cut_off_under_the_application_role_appends_nothing()
    {
        var before = await _fixture.EventCountAsync();
        await using var ledger = _fixture.AppLedger(services => services.ConfigureMarten(o => o.Listeners.Add(new FailsBeforeCommit())));

        var run = await LedgerFixture.RunAsync(ledger, "import", await LedgerFixture.WriteFileAsync(Org("initech")));

        run.Exit.ShouldBe(1, run.ToString());
        run.Errors.ShouldNotContain("permission denied");
        (await _fixture.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task without_schema_checks_at_start_up_the_application_role_works_the_same()
    {
        await using var ledger = _fixture.AppLedger(NoSchemaChangesAtStartUp);

        var import = await LedgerFixture.RunAsync(ledger, "import", await LedgerFixture.WriteFileAsync(Org("umbrella")));
        import.Exit.ShouldBe(0, import.ToString());
        (await LedgerFixture.RunAsync(ledger, "stance", "acme", "--json")).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task granting_again_takes_back_what_was_added_by_hand()
    {
        var role = LedgerRoles.Identifier(_fixture.AppRole);
        await _fixture.ExecuteAsync(
            $"grant update, delete on {Events} to {role}; grant update (data) on {Events} to {role}; grant create on schema {_fixture.Schema} to {role}");

        await LedgerRoles.GrantAsync(_fixture.ConnectionString, _fixture.Schema, _fixture.AppRole, _fixture.AppPassword);

        await using var app = await OpenAsync(_fixture.AppConnectionString);
        await RefusedAsync(app, $"update {Events} set data = '{{}}'::jsonb");
        await RefusedAsync(app, $"delete from {Events}");
        await RefusedAsync(app, $"create table {_fixture.Schema}.mine (id int)");
    }

    [Fact]
    public async Task the_owner_cannot_be_the_application_role_and_a_missing_schema_is_reported()
    {
        var owner = await _fixture.ScalarAsync<string>("select current_user");
        (await Should.ThrowAsync<InvalidOperationException>(() =>
            LedgerRoles.GrantAsync(_fixture.ConnectionString, _fixture.Schema, owner!, "x"))).Message.ShouldContain("owns schema");
        (await Should.ThrowAsync<InvalidOperationException>(() =>
            LedgerRoles.GrantAsync(_fixture.ConnectionString, "no_such_" + _fixture.Schema, _fixture.AppRole, "x"))).Message.ShouldContain("does not exist");
    }

    [Fact]
    public async Task a_schema_change_needs_the_owner_and_a_new_grant()
    {
        await using var ledger = new LedgerFixture();
        await ledger.InitializeAsync();
        (await ledger.ImportAsync(Org("acme"))).Exit.ShouldBe(0);
        var role = UniqueRole();
        try
        {
            await LedgerRoles.GrantAsync(ledger.ConnectionString, ledger.Schema, role, "pw");
            // A table the application's schema needs but the database lacks, as after an upgrade.
            await ledger.ExecuteAsync($"drop table {ledger.Schema}.wolverine_dead_letters");
            var app = LedgerRoles.AppConnectionString(ledger.ConnectionString, role, "pw");

            await using (var refused = new LedgerConnection(app, ledger.Schema) { Keys = ledger.KeysFolder })
            {
                var run = await LedgerFixture.RunAsync(refused, "import", await LedgerFixture.WriteFileAsync(Org("globex")));
                run.Exit.ShouldBe(1, run.ToString());
                run.Errors.ShouldContain("42501");
            }
            (await ledger.ScalarAsync<string>($"select to_regclass('{ledger.Schema}.wolverine_dead_letters')::text")).ShouldBeNull();

            // The owner migrates (a command's start-up creates Wolverine's missing tables), then grants again.
            await using (var owner = ledger.NewConnection())
                (await LedgerFixture.RunAsync(owner, "stance", "acme")).Exit.ShouldBe(0);
            (await ledger.ScalarAsync<string>($"select to_regclass('{ledger.Schema}.wolverine_dead_letters')::text")).ShouldNotBeNull();
            await LedgerRoles.GrantAsync(ledger.ConnectionString, ledger.Schema, role, "pw");
            await using var granted = new LedgerConnection(app, ledger.Schema) { Keys = ledger.KeysFolder };
            var again = await LedgerFixture.RunAsync(granted, "import", await LedgerFixture.WriteFileAsync(Org("globex")));
            again.Exit.ShouldBe(0, again.ToString());
        }
        finally
        {
            await DropRoleAsync(ledger, role);
        }
    }

    [Fact]
    public async Task a_ledger_the_owner_set_up_without_importing_takes_its_first_import_through_the_application_role()
    {
        await using var ledger = new LedgerFixture();
        await ledger.InitializeAsync();
        // The owner's `migrate`: every schema object (Marten's, the integrity tables, the ledger's indexes), no event.
        // Marten otherwise creates its event tables on the first append, which the app role may not.
        (await ledger.RunAsync("migrate")).Exit.ShouldBe(0);
        (await ledger.EventCountAsync()).ShouldBe(0);
        var role = UniqueRole();
        try
        {
            await LedgerRoles.GrantAsync(ledger.ConnectionString, ledger.Schema, role, "pw");
            await using var app = new LedgerConnection(LedgerRoles.AppConnectionString(ledger.ConnectionString, role, "pw"), ledger.Schema,
                configure: NoSchemaChangesAtStartUp) { Keys = ledger.KeysFolder };

            var run = await LedgerFixture.RunAsync(app, "import", DemoCommand.StoryFile);

            run.Exit.ShouldBe(0, run.ToString());
            (await ledger.EventCountAsync()).ShouldBeGreaterThan(0);
        }
        finally
        {
            await DropRoleAsync(ledger, role);
        }
    }

    [Fact]
    public async Task the_events_and_their_partitions_get_select_and_insert_only_and_the_integrity_log_select_only()
    {
        // A schema of the owner's own, shaped like a ledger with the integrity tables and a partitioned event table.
        var schema = "lp_" + Guid.NewGuid().ToString("N")[..12];
        await _fixture.ExecuteAsync($"""
            create schema {schema};
            create table {schema}.mt_events (seq_id bigint, is_archived boolean not null default false) partition by list (is_archived);
            create table {schema}.mt_events_default partition of {schema}.mt_events default;
            create table {schema}.mt_streams (id varchar primary key, version bigint);
            create table {schema}.ledger_leaves (leaf_index bigint primary key, org varchar);
            create table {schema}.ledger_checkpoints (tree_size bigint primary key, stream_count bigint, streams_root char(64));
            create table {schema}.mt_doc_thing (id varchar primary key);
            create table {schema}.wolverine_thing (id int generated always as identity);
            """);
        var role = UniqueRole();
        try
        {
            await LedgerRoles.GrantAsync(_fixture.ConnectionString, schema, role, "pw");

            (await PrivilegesAsync(schema, role)).ShouldBe([
                "relation ledger_checkpoints SELECT",
                "relation ledger_leaves SELECT",
                "relation mt_doc_thing DELETE",
                "relation mt_doc_thing INSERT",
                "relation mt_doc_thing SELECT",
                "relation mt_doc_thing TRUNCATE",
                "relation mt_doc_thing UPDATE",
                "relation mt_events INSERT",
                "relation mt_events SELECT",
                "relation mt_events_default INSERT",
                "relation mt_events_default SELECT",
                "relation mt_streams INSERT",
                "relation mt_streams SELECT",
                "relation mt_streams UPDATE",
                "relation wolverine_thing DELETE",
                "relation wolverine_thing INSERT",
                "relation wolverine_thing SELECT",
                "relation wolverine_thing UPDATE",
                "relation wolverine_thing_id_seq SELECT",
                "relation wolverine_thing_id_seq USAGE",
                "routine ledger_sequence_guard EXECUTE",
                $"schema {schema} USAGE",
            ]);

            await using var app = await OpenAsync(LedgerRoles.AppConnectionString(_fixture.ConnectionString, role, "pw"));
            await using (var insert = new NpgsqlCommand($"insert into {schema}.wolverine_thing default values", app))
                await insert.ExecuteNonQueryAsync();
            await RefusedAsync(app, $"insert into {schema}.ledger_leaves values (1)");
            await RefusedAsync(app, $"update {schema}.ledger_leaves set leaf_index = 2");
            await RefusedAsync(app, $"delete from {schema}.ledger_checkpoints");
            await RefusedAsync(app, $"update {schema}.mt_events_default set is_archived = true");
            await RefusedAsync(app, $"delete from {schema}.mt_events_default");
            // Not a ledger, nothing to look at once it passed.
            await _fixture.ExecuteAsync($"drop schema {schema} cascade");
        }
        finally
        {
            await DropRoleAsync(_fixture, role);
        }
    }

    [Fact]
    public async Task the_psql_setup_in_the_docs_grants_exactly_what_GrantAsync_grants()
    {
        var role = UniqueRole();
        try
        {
            await _fixture.ExecuteAsync(DocsSetup(_fixture.Schema, role));
            await LedgerRoles.GrantAsync(_fixture.ConnectionString, _fixture.Schema, _fixture.AppRole, _fixture.AppPassword);

            var fromDocs = await PrivilegesAsync(_fixture.Schema, role);
            fromDocs.ShouldContain("relation mt_events INSERT");
            fromDocs.ShouldNotContain("relation mt_events UPDATE");
            fromDocs.ShouldBe(await PrivilegesAsync(_fixture.Schema, _fixture.AppRole));
        }
        finally
        {
            await DropRoleAsync(_fixture, role);
        }
    }

    [Fact]
    public async Task the_password_is_sent_as_the_scram_verifier_postgresql_itself_would_store()
    {
        // The fixture connects as a superuser: it may read pg_authid and let PostgreSQL hash a password itself.
        var role = UniqueRole();
        const string password = "correct horse 'battery' \"staple\" \\";
        try
        {
            await _fixture.ExecuteAsync(
                $"set password_encryption = 'scram-sha-256'; create role {LedgerRoles.Identifier(role)} login password {LedgerRoles.Literal(password)}");
            var stored = (await _fixture.ScalarAsync<string>($"select rolpassword from pg_authid where rolname = '{role}'"))!;
            var (iterations, salt) = ParseVerifier(stored);
            LedgerRoles.ScramVerifier(password, salt, iterations).ShouldBe(stored);

            await LedgerRoles.GrantAsync(_fixture.ConnectionString, _fixture.Schema, role, password);

            var granted = (await _fixture.ScalarAsync<string>($"select rolpassword from pg_authid where rolname = '{role}'"))!;
            granted.ShouldNotBe(stored);
            var (grantedIterations, grantedSalt) = ParseVerifier(granted);
            LedgerRoles.ScramVerifier(password, grantedSalt, grantedIterations).ShouldBe(granted);
        }
        finally
        {
            await DropRoleAsync(_fixture, role);
        }
    }

    /// <summary>What LedgerHost could run the application with: no schema object created, or compared, by the application.</summary>
    static void NoSchemaChangesAtStartUp(IServiceCollection services) => services
        .ConfigureMarten(o => o.AutoCreateSchemaObjects = AutoCreate.None)
        .ConfigureWolverine(o => o.AutoBuildMessageStorageOnStartup = AutoCreate.None);

    [Theory]
    [InlineData("Host=db;Username=owner", "owner")]
    [InlineData("Host=db;Username=owner;Database=ledger", "ledger")]
    public void the_application_role_connects_to_the_owners_database_even_when_none_is_named(string owner, string database)
    {
        var app = new NpgsqlConnectionStringBuilder(LedgerRoles.AppConnectionString(owner + ";Passfile=/home/o/.pgpass", "el_app", "pw"));
        app.Database.ShouldBe(database);
        app.Username.ShouldBe("el_app");
        app.Passfile.ShouldBeNull();
    }

    static string UniqueRole() => "el_app_" + Guid.NewGuid().ToString("N")[..12];

    static async Task DropRoleAsync(LedgerFixture fixture, string role)
    {
        var quoted = LedgerRoles.Identifier(role);
        await fixture.ExecuteAsync($"drop owned by {quoted}; drop role if exists {quoted}");
    }

    static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    static async Task RefusedAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var refused = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {refused.Message}");
    }

    static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Every privilege <paramref name="role"/> holds on the schema and its objects, as "kind name PRIVILEGE".</summary>
    async Task<List<string>> PrivilegesAsync(string schema, string role)
    {
        await using var connection = await OpenAsync(_fixture.ConnectionString);
        await using var command = new NpgsqlCommand("""
            select 'schema ' || n.nspname || ' ' || a.privilege_type
              from pg_namespace n, aclexplode(n.nspacl) a where n.nspname = @schema and a.grantee = @role::regrole
            union all
            select 'relation ' || c.relname || ' ' || a.privilege_type
              from pg_class c join pg_namespace n on n.oid = c.relnamespace, aclexplode(c.relacl) a
             where n.nspname = @schema and a.grantee = @role::regrole
            union all
            select 'column ' || c.relname || '.' || t.attname || ' ' || a.privilege_type
              from pg_attribute t join pg_class c on c.oid = t.attrelid join pg_namespace n on n.oid = c.relnamespace, aclexplode(t.attacl) a
             where n.nspname = @schema and a.grantee = @role::regrole
            union all
            select 'routine ' || p.proname || ' ' || a.privilege_type
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace, aclexplode(p.proacl) a
             where n.nspname = @schema and a.grantee = @role::regrole
            """, connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("role", LedgerRoles.Identifier(role));
        var privileges = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) privileges.Add(reader.GetString(0));
        privileges.Sort(StringComparer.Ordinal);
        return privileges;
    }

    /// <summary>The DO block of docs/least-privilege.md, with its two names set.</summary>
    static string DocsSetup(string schema, string role)
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "least-privilege.md"));
        var block = Regex.Matches(docs, "```sql\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value)
            .Single(sql => sql.TrimStart().StartsWith("DO $$", StringComparison.Ordinal));
        var named = Regex.Replace(block, @"ledger_schema\s+text := '[^']*'", $"ledger_schema text := '{schema}'");
        named = Regex.Replace(named, @"app_role\s+text := '[^']*'", $"app_role text := '{role}'");
        named.ShouldNotBe(block);
        return named;
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EthicsLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("No EthicsLedger.sln above " + AppContext.BaseDirectory);
    }

    static (int Iterations, byte[] Salt) ParseVerifier(string verifier)
    {
        // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
        var head = verifier.Split('$')[1].Split(':');
        return (int.Parse(head[0]), Convert.FromBase64String(head[1]));
    }

    /// <summary>Stands for the database going away before the commit.</summary>
    sealed class FailsBeforeCommit : DocumentSessionListenerBase
    {
        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            session.QueueSqlCommand("select 1/0");
            return Task.CompletedTask;
        }
    }
}
