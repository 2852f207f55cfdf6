using System.Text;
using System.Text.Json;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Parsing;
using EthicsLedger.Tests.Support;
using Npgsql;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

/// <summary>
/// Marten keeps its own markers in <c>mt_events</c> (stream <c>mt_tombstone</c>, type <c>tombstone</c>); they are not ledger
/// events. A row forged onto that stream must not pass for one: either the ledger shows it and <c>verify</c> checks it
/// (and finds it tampered), or neither does. Found by an auditor whose verifier, written from docs/verification.md, said OK
/// while <c>flags</c> showed a forged conduct.
/// </summary>
public class TombstoneForgeryTests
{
    const string ForgedId = "forged-sale";

    static async Task<LedgerFixture> LedgerAsync()
    {
        var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        (await fixture.ImportAsync(Org("tomb"), Made("tomb-c", "tomb", "2020-01-01"))).Exit.ShouldBe(0);
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        (await fixture.ImportAsync(Conduct("tomb-real", "2020-03-01", org: "tomb"), Withdrawn("tomb-c", "2021-01-01"))).Exit.ShouldBe(0);
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        return fixture;
    }

    /// <summary>As a superuser can, triggers off: a copy of the conduct on Marten's tombstone stream, under another id (content and copy) and content hash.</summary>
    static async Task ForgeAsync(LedgerFixture fixture, string type, string contentHash, bool bypassTriggers = true)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($$"""
            {{(bypassTriggers ? "set session_replication_role = replica;" : "")}}
            insert into {{fixture.Schema}}.mt_streams (id, version, timestamp, created, tenant_id, is_archived)
              values ('mt_tombstone', 0, now(), now(), '*DEFAULT*', false) on conflict do nothing;
            insert into {{fixture.Schema}}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived)
              select (select max(seq_id) + 1000 from {{fixture.Schema}}.mt_events), gen_random_uuid(), 'mt_tombstone', 1,
                     jsonb_set(jsonb_set(jsonb_set(data, '{Id}', '"{{ForgedId}}"'), '{ContentHash}', to_jsonb('{{contentHash}}'::text)),
                               '{Content}', to_jsonb(replace(data ->> 'Content', 'tomb-real', '{{ForgedId}}'))),
                     '{{type}}', timestamp, tenant_id, mt_dotnet_type, false
              from {{fixture.Schema}}.mt_events where data ->> 'Id' = 'tomb-real';
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Theory]
    [InlineData("conduct.observed")]
    [InlineData("tombstone")]
    public async Task a_row_forged_onto_the_tombstone_stream_is_never_shown_unless_verify_reports_it(string type)
    {
        await using var fixture = await LedgerAsync();
        var next = Conduct("tomb-next", "2020-04-01", org: "tomb");
        var nextHash = EntryParser.ContentHashOf(Encoding.UTF8.GetBytes(next))!.Value.ToString();
        await ForgeAsync(fixture, type, nextHash);

        var verify = await fixture.RunAsync("verify", "--json");
        var shown = (await fixture.RunAsync("replay", "tomb")).Console + (await fixture.RunAsync("flags", "--json")).Json
            + (await fixture.RunAsync("audit-report", "--org", "tomb")).Console;
        if (shown.Contains(ForgedId))
        {
            verify.Exit.ShouldBe(VerifyCommand.Tampered, verify.ToString());
            JsonDocument.Parse(verify.Json).RootElement.GetProperty("problems").EnumerateArray()
                .ShouldContain(p => p.GetProperty("stream").GetString() == "mt_tombstone", verify.Json);
        }
        else
        {
            verify.Exit.ShouldBe(0, verify.ToString());
            // A line whose content only the ignored row claims is new to the ledger: imported, not set aside as held.
            var import = await fixture.ImportAsync(next);
            import.Exit.ShouldBe(0, import.ToString());
            import.Console.ShouldContain("Appended 1 entr");
        }
    }

    [Fact]
    public async Task a_ledger_type_row_forged_onto_the_tombstone_stream_is_shown_and_verify_reports_it()
    {
        await using var fixture = await LedgerAsync();
        await ForgeAsync(fixture, "conduct.observed", new string('a', 64));

        (await fixture.RunAsync("replay", "tomb")).Console.ShouldContain(ForgedId);
        var verify = await fixture.RunAsync("verify");
        verify.Exit.ShouldBe(VerifyCommand.Tampered, verify.ToString());
        // Nor does a checkpoint sign it.
        (await fixture.RunAsync("checkpoint")).Exit.ShouldNotBe(0);
    }

    [Fact]
    public async Task the_sequence_guard_lets_only_martens_own_tombstones_onto_the_tombstone_stream()
    {
        await using var fixture = await LedgerAsync();
        // Every role meets the guard, the application's too: a ledger entry cannot be slipped in as a tombstone.
        await Should.ThrowAsync<PostgresException>(() => ForgeAsync(fixture, "conduct.observed", new string('b', 64), bypassTriggers: false));
        (await fixture.ScalarAsync<long>($"select count(*) from {fixture.Schema}.mt_events where stream_id = 'mt_tombstone'")).ShouldBe(0);
        await ForgeAsync(fixture, "tombstone", new string('c', 64), bypassTriggers: false);
        (await fixture.ScalarAsync<long>($"select count(*) from {fixture.Schema}.mt_events where stream_id = 'mt_tombstone'")).ShouldBe(1);
        (await fixture.RunAsync("verify")).Exit.ShouldBe(0);
    }
}
