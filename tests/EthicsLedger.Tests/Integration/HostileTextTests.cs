using System.Text;
using System.Text.Json;
using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;
using EthicsLedger.Tests.Support;
using Wolverine;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

/// <summary>
/// Text written to trick a terminal. What the contract forbids (C0 controls but tab, line feed and
/// carriage return, and DEL) is refused as a wrong line; what it allows (C1 controls, bidi overrides)
/// is kept exactly and shown escaped wherever a person reads it; --json keeps every string exact.
/// </summary>
public class HostileTextTests : IClassFixture<HostileTextTests.Seeded>
{
    /// <summary>A C1 CSI ("clear the screen" to a terminal that reads 8-bit controls) and a right-to-left override.</summary>
    const string Hostile = "x\u009b2J\u202ey";
    const string HostileShown = @"x\u009b2J\u202ey";
    const string HostileUrl = "https://example.org/\u202efdp.exe";

    /// <summary>An organization whose every displayed text is hostile, with a confirmed flag and an attestation.</summary>
    public sealed class Seeded : LedgerFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var source = new { url = HostileUrl, title = Hostile, publisher = Hostile, quote = Hostile };
            var run = await ImportAsync(
                Line(new { type = "organization.registered", org = "hostile", name = Hostile, aliases = new[] { Hostile } }),
                Line(new
                {
                    type = "commitment.made", commitment = "hostile-c", org = "hostile", kind = "moratorium", topic = "facial-recognition",
                    statement = Hostile, scope = new { activities = new[] { "sell" } }, term = new { condition = Hostile }, on = "2020-01-01", source,
                }),
                Line(new { type = "commitment.amended", commitment = "hostile-c", on = "2020-02-01", reason = Hostile, source }),
                Line(new
                {
                    type = "conduct.observed", id = "hostile-sale", org = "hostile", topic = "facial-recognition", activity = "sell",
                    description = Hostile, on = "2020-03-01", source,
                }),
                Line(new { type = "violation.alleged", commitment = "hostile-c", flag = "hostile-report", allegation = Hostile, by = Hostile, on = "2020-04-01", source }),
                Line(new { type = "flag.confirmed", commitment = "hostile-c", flag = "hostile-report", by = Hostile, finding = Hostile, on = "2020-05-01", source }),
                Line(new { type = "commitment.attested", commitment = "hostile-c", by = Hostile, verdict = "broken", note = Hostile, methodology = Hostile, on = "2020-06-01", source }));
            run.Exit.ShouldBe(0, run.ToString());
        }
    }

    readonly Seeded _fixture;
    public HostileTextTests(Seeded fixture) => _fixture = fixture;

    static void ShouldShowEscaped(CliRun run)
    {
        run.Exit.ShouldBe(0, run.ToString());
        run.Console.ShouldBeSafeForATerminal(run.ToString());
        run.Errors.ShouldBeSafeForATerminal(run.ToString());
        run.Console.ShouldContain(HostileShown, Case.Sensitive, run.ToString());
    }

    [Fact]
    public async Task stance_shows_the_attesting_auditor_and_the_release_condition_escaped() =>
        ShouldShowEscaped(await _fixture.RunAsync("stance", "hostile", "--as-of", "2020-07-01"));

    [Fact]
    public async Task replay_shows_statements_reasons_descriptions_allegations_findings_notes_and_sources_escaped()
    {
        var run = await _fixture.RunAsync("replay", "hostile");
        ShouldShowEscaped(run);
        run.Console.ShouldContain(@"https://example.org/\u202efdp.exe", Case.Sensitive, run.ToString());
    }

    [Fact]
    public async Task commitment_show_shows_the_statement_and_the_sources_escaped()
    {
        var run = await _fixture.RunAsync("commitment", "show", "hostile-c", "--as-of", "2020-07-01");
        ShouldShowEscaped(run);
        run.Console.ShouldContain(@"https://example.org/\u202efdp.exe", Case.Sensitive, run.ToString());
    }

    /// <summary>
    /// A line feed is text the contract allows. Inside a tree node or a table cell it starts another line of that node or
    /// cell, indented under it; anywhere else it is shown as <c>\n</c>: text cannot print a line that passes for the ledger's own.
    /// </summary>
    [Fact]
    public async Task a_line_feed_in_a_statement_cannot_print_a_line_of_its_own()
    {
        const string Forged = "FORGED: commitment withdrawn on 2020-06-01";
        await using var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        (await fixture.ImportAsync(Org("lf"), Line(new
        {
            type = "commitment.made", commitment = "lf-c", org = "lf", kind = "moratorium", topic = "facial-recognition",
            statement = $"We will not.\n{Forged}", on = "2020-01-01", source = new { url = "https://example.org/lf" },
        }))).Exit.ShouldBe(0);

        // The statement is shown by these two (a line, and a tree node).
        foreach (var args in new[] { ["commitment", "show", "lf-c"], new[] { "replay", "lf" } })
        {
            var run = await fixture.RunAsync(args);
            run.Exit.ShouldBe(0, run.ToString());
            run.Console.ShouldContain("FORGED", Case.Sensitive, run.ToString());
            run.Console.Split('\n').ShouldAllBe(line => !line.TrimStart().StartsWith(Forged), run.ToString());
        }
    }

    [Fact]
    public async Task audit_report_shows_findings_attestations_and_sources_escaped() =>
        ShouldShowEscaped(await _fixture.RunAsync("audit-report", "--org", "hostile", "--as-of", "2020-07-01"));

    [Fact]
    public async Task flags_print_nothing_raw()
    {
        var run = await _fixture.RunAsync("flags", "--org", "hostile");
        run.Exit.ShouldBe(0, run.ToString());
        run.Console.ShouldBeSafeForATerminal(run.ToString());
    }

    [Fact]
    public async Task json_keeps_every_hostile_string_exact()
    {
        var stance = await _fixture.RunAsync("stance", "hostile", "--as-of", "2020-07-01", "--json");
        stance.Exit.ShouldBe(0, stance.ToString());
        var commitment = JsonDocument.Parse(stance.Json).RootElement.GetProperty("commitments")[0];
        commitment.GetProperty("statement").GetString().ShouldBe(Hostile);
        commitment.GetProperty("term").GetProperty("condition").GetString().ShouldBe(Hostile);
        commitment.GetProperty("attestation").GetProperty("by").GetString().ShouldBe(Hostile);
        commitment.GetProperty("source").GetString().ShouldBe(HostileUrl);

        var audit = await _fixture.RunAsync("audit-report", "--org", "hostile", "--as-of", "2020-07-01", "--json");
        audit.Exit.ShouldBe(0, audit.ToString());
        var audited = JsonDocument.Parse(audit.Json).RootElement.GetProperty("commitments")[0];
        audited.GetProperty("findings")[0].GetProperty("text").GetString().ShouldBe(Hostile);
        audited.GetProperty("attestations")[0].GetProperty("methodology").GetString().ShouldBe(Hostile);
    }

    [Fact]
    public async Task a_file_whose_only_fault_is_an_escaped_nul_is_refused_as_wrong_with_exit_2()
    {
        var before = await _fixture.EventCountAsync();

        var run = await _fixture.ImportAsync(Line(new { type = "organization.registered", org = "only-nul", name = "Acme\0Inc." }));

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldStartWith("line 1: field 'name'", Case.Sensitive, run.ToString());
        run.Errors.ShouldContain("U+0000");
        (await _fixture.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_nul_anywhere_in_a_line_is_a_wrong_line_with_its_number_not_a_database_error()
    {
        var before = await _fixture.EventCountAsync();
        var source = new { url = Url };
        var run = await _fixture.ImportAsync(
            Line(new { type = "organization.registered", org = "nul", name = "Acme\0Inc." }),
            Line(new { type = "organization.registered", org = "nul-aliases", name = "Acme", aliases = new[] { "A\0" } }),
            Line(new { type = "organization.registered", org = "nul-ids", name = "Acme", identifiers = new { wikidata = "Q\u00001" } }),
            Line(new { type = "commitment.made", commitment = "nul-c", org = "hostile", kind = "pledge", topic = "t", statement = "S", on = "2020-01-01", source = new { url = Url, title = "T\0" } }),
            Line(new { type = "commitment.made", commitment = "nul-d", org = "hostile", kind = "pledge", topic = "t", statement = "S", on = "2020-01-01", source, scope = new { regions = new[] { "us\0" } } }),
            Line(new { type = "commitment.made", commitment = "nul-e", org = "hostile", kind = "pledge", topic = "t", statement = "S", on = "2020-01-01", source, term = new { condition = "\0" } }),
            """{"type":"organization.registered","org":"nul-key","name":"Acme","na\u0000me":"x"}""",
            Line(new { type = "organization.registered", org = "del", name = "Acme\u007fInc." }));

        run.Exit.ShouldBe(2, run.ToString());
        for (var line = 1; line <= 8; line++) run.Errors.ShouldContain($"line {line}: ", Case.Sensitive, run.ToString());
        run.Errors.ShouldContain("U+0000");
        run.Errors.ShouldContain("U+007F");
        run.Errors.ShouldNotContain("22P05");
        run.Errors.ShouldBeSafeForATerminal(run.ToString());
        (await _fixture.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_entry_appended_before_the_rule_was_enforced_still_verifies()
    {
        var content = CanonicalJson.Text(JsonDocument.Parse("""{"type":"organization.registered","org":"old-bell","name":"Old\u0007Bell"}""").RootElement);
        var old = new OrganizationRegistered { Org = "old-bell", Name = "Old\u0007Bell", Content = content, ContentHash = CanonicalJson.Hash(content) };
        var bus = await _fixture.Ledger.BusAsync();
        var appended = await bus.InvokeAsync<ImportResult>(new ImportEntries([ParsedLine.Of(1, old)]));
        appended.Appended.ShouldBe(1);

        var run = await _fixture.RunAsync("verify", "--json");

        run.Exit.ShouldBe(0, run.ToString());
        JsonDocument.Parse(run.Json).RootElement.GetProperty("ok").GetBoolean().ShouldBeTrue(run.Json);
    }

    [Fact]
    public async Task a_raw_nul_byte_is_a_wrong_line_too()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ethicsledger-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes("{\"type\":\"organization.registered\",\"org\":\"raw-nul\",\"name\":\"A\0B\"}\n"));

        var run = await _fixture.RunAsync("import", path);

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldStartWith("line 1: ");
        run.Errors.ShouldBeSafeForATerminal(run.ToString());
    }

    [Fact]
    public async Task what_a_refused_line_echoes_is_shown_escaped()
    {
        var run = await _fixture.ImportAsync(
            """{"type":"\u001b]0;pwn\u0007","org":"acme","name":"Acme"}""",
            """{"type":"commitment.made\u202e"}""",
            """{"type":"organization.registered","org":"acme","name":"Acme","na\u009bme":"x"}""",
            """{"type":"organization.registered","org":"acme\u202e","name":"Acme"}""",
            """{"type":"violation.alleged","commitment":"hostile-c","flag":"f","allegation":"A","on":"2020-01-01","source":{"url":"javascript:alert(1)\u202e"}}""",
            "\u009b2J",
            "{\"type\":\"organization.registered\",\"org\":\"acme\",\"name\":\"A\u001b]0;pwn\u0007\"}");

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldBeSafeForATerminal(run.ToString());
        run.Errors.ShouldContain("line 1: ", Case.Sensitive);
        run.Errors.ShouldContain("U+001B", Case.Sensitive);
        run.Errors.ShouldContain(@"line 2: unknown type 'commitment.made\u202e'", Case.Sensitive);
        run.Errors.ShouldContain(@"na\u009bme", Case.Sensitive);
        run.Errors.ShouldContain(@"acme\u202e", Case.Sensitive);
        run.Errors.ShouldContain(@"javascript:alert(1)\u202e", Case.Sensitive);
        run.Errors.ShouldContain("line 6: ", Case.Sensitive);
        run.Errors.ShouldContain("line 7: ", Case.Sensitive);
    }

    [Theory]
    [InlineData("stance", "\u001b]0;pwn\u0007")]
    [InlineData("replay", "\u001b]0;pwn\u0007")]
    [InlineData("commitment", "show", "\u001b]0;pwn\u0007")]
    [InlineData("flags", "--state", "\u001b]0;pwn\u0007")]
    [InlineData("stance", "hostile", "--as-of", "\u001b]0;pwn\u0007")]
    [InlineData("stance", "hostile", "--known-at", "\u001b]0;pwn\u0007")]
    [InlineData("import", "/tmp/no-such-\u001b]0;pwn\u0007.jsonl")]
    [InlineData("\u001b]0;pwn\u0007")]
    [InlineData("watch", "--transport", "\u001b]0;pwn\u0007")]
    public async Task what_an_error_echoes_from_the_command_line_is_shown_escaped(params string[] args)
    {
        var run = await _fixture.RunAsync(args);

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldBeSafeForATerminal(run.ToString());
        run.Console.ShouldBeSafeForATerminal(run.ToString());
        run.Errors.ShouldContain(@"\u001b]0;pwn\u0007", Case.Sensitive, run.ToString());
    }

    [Fact]
    public async Task a_directory_given_to_import_is_told_it_is_a_directory()
    {
        var directory = Directory.CreateTempSubdirectory("ethicsledger-").FullName;

        var run = await _fixture.RunAsync("import", directory);

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldContain($"'{directory}' is a directory, not a file", Case.Sensitive, run.ToString());
        run.Errors.ShouldNotContain("no file at");
    }
}
