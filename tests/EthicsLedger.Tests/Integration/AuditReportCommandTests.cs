using System.Text.Json;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

public class AuditReportCommandTests : IClassFixture<AuditReportCommandTests.Seeded>
{
    const string AuditUrl = "https://example.org/audit-2020";

    static readonly string[] Lines =
    [
        Org("acme"),
        Made("acme-moratorium", "acme", "2020-06-10", scope: new { activities = new[] { "sell" }, counterparties = new[] { "police" } }),
        Conduct("acme-sale", "2020-09-01", activity: "sell", org: "acme", counterparty: "police"),
        With(Confirmed("acme-moratorium", "acme-sale", "2020-10-01"), ("by", "big-four"), ("finding", "Invoices show the sale."), ("source", new { url = AuditUrl })),
        Violation("acme-moratorium", "leak", "2020-11-01"),
        With(Dismissed("acme-moratorium", "leak", "2020-12-01"), ("by", "ngo-watch")),
        With(Attested("acme-moratorium", "2021-01-15", verdict: "broken"), ("methodology", "ISAE 3000"), ("source", new { url = AuditUrl })),
    ];

    /// <summary>One organization whose moratorium has findings, an attestation and flagged conduct; checkpointed.</summary>
    public sealed class Seeded : LedgerFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var import = await ImportAsync(Lines);
            import.Exit.ShouldBe(0, import.ToString());
            var checkpoint = await RunAsync("checkpoint");
            checkpoint.Exit.ShouldBe(0, checkpoint.ToString());
        }
    }

    readonly Seeded _fixture;
    public AuditReportCommandTests(Seeded fixture) => _fixture = fixture;

    async Task<JsonElement> ReportAsync(params string[] extra)
    {
        var run = await _fixture.RunAsync(["audit-report", "--org", "acme", "--json", .. extra]);
        run.Exit.ShouldBe(0, run.ToString());
        run.Console.ShouldBeEmpty(run.ToString());
        return JsonDocument.Parse(run.Json).RootElement;
    }

    [Fact]
    public async Task the_verification_block_is_ok_after_a_checkpoint()
    {
        var report = await ReportAsync("--as-of", "2021-06-01");

        report.GetProperty("org").GetString().ShouldBe("acme");
        report.GetProperty("asOf").GetString().ShouldBe("2021-06-01");
        var verification = report.GetProperty("verification");
        verification.GetProperty("ok").GetBoolean().ShouldBeTrue(verification.ToString());
        verification.GetProperty("problems").GetInt32().ShouldBe(0);
        verification.GetProperty("first").ValueKind.ShouldBe(JsonValueKind.Null);
        verification.GetProperty("events").GetInt64().ShouldBe(Lines.Length);
        verification.GetProperty("checkpoints").GetInt32().ShouldBe(1);
        verification.GetProperty("uncovered").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task each_commitment_has_its_status_flags_findings_with_their_auditor_attestations_and_evidence()
    {
        var report = await ReportAsync("--as-of", "2021-06-01");

        var c = report.GetProperty("commitments").EnumerateArray().ShouldHaveSingleItem();
        c.GetProperty("commitment").GetString().ShouldBe("acme-moratorium");
        c.GetProperty("kind").GetString().ShouldBe("moratorium");
        c.GetProperty("topic").GetString().ShouldBe("facial-recognition");
        c.GetProperty("status").GetString().ShouldBe("in-force");
        c.GetProperty("inForce").GetBoolean().ShouldBeTrue();
        c.GetProperty("broken").GetBoolean().ShouldBeTrue();
        c.GetProperty("term").GetProperty("from").GetString().ShouldBe("2020-06-10");
        c.GetProperty("term").GetProperty("until").ValueKind.ShouldBe(JsonValueKind.Null);

        var flags = c.GetProperty("flags").EnumerateArray().ToList();
        flags.Select(f => (f.GetProperty("flag").GetString(), f.GetProperty("kind").GetString(), f.GetProperty("state").GetString(), f.GetProperty("raisedOn").GetString()))
            .ShouldBe([("acme-sale", "contradicting-conduct", "confirmed", "2020-09-01"), ("leak", "violation", "dismissed", "2020-11-01")]);

        var findings = c.GetProperty("findings").EnumerateArray().ToList();
        findings.Count.ShouldBe(2);
        findings[0].GetProperty("flag").GetString().ShouldBe("acme-sale");
        findings[0].GetProperty("state").GetString().ShouldBe("confirmed");
        findings[0].GetProperty("by").GetString().ShouldBe("big-four");
        findings[0].GetProperty("text").GetString().ShouldBe("Invoices show the sale.");
        findings[0].GetProperty("on").GetString().ShouldBe("2020-10-01");
        findings[0].GetProperty("source").GetString().ShouldBe(AuditUrl);
        findings[1].GetProperty("flag").GetString().ShouldBe("leak");
        findings[1].GetProperty("state").GetString().ShouldBe("dismissed");
        findings[1].GetProperty("by").GetString().ShouldBe("ngo-watch");
        findings[1].GetProperty("text").GetString().ShouldBe("False.");
        findings[1].GetProperty("source").ValueKind.ShouldBe(JsonValueKind.Null);

        var attestation = c.GetProperty("attestations").EnumerateArray().ShouldHaveSingleItem();
        attestation.GetProperty("verdict").GetString().ShouldBe("broken");
        attestation.GetProperty("by").GetString().ShouldBe("auditor");
        attestation.GetProperty("note").GetString().ShouldBe("Checked.");
        attestation.GetProperty("methodology").GetString().ShouldBe("ISAE 3000");
        attestation.GetProperty("on").GetString().ShouldBe("2021-01-15");
        attestation.GetProperty("source").GetString().ShouldBe(AuditUrl);

        var evidence = c.GetProperty("evidence").EnumerateArray().ToList();
        evidence.Select(e => e.GetProperty("type").GetString()).ShouldBe(
            ["commitment.made", "conduct.observed", "flag.confirmed", "violation.alleged", "flag.dismissed", "commitment.attested"]);
        var conduct = evidence.Single(e => e.GetProperty("type").GetString() == "conduct.observed");
        conduct.GetProperty("subject").GetString().ShouldBe("acme-sale");
        conduct.GetProperty("on").GetString().ShouldBe("2020-09-01");
        conduct.GetProperty("source").GetString().ShouldBe(Url);
    }

    [Fact]
    public async Task as_of_an_earlier_date_the_report_holds_only_what_happened_by_then()
    {
        var report = await ReportAsync("--as-of", "2020-10-15");

        var c = report.GetProperty("commitments").EnumerateArray().ShouldHaveSingleItem();
        c.GetProperty("findings").GetArrayLength().ShouldBe(1);
        c.GetProperty("attestations").GetArrayLength().ShouldBe(0);
        c.GetProperty("flags").GetArrayLength().ShouldBe(1);
        c.GetProperty("evidence").GetArrayLength().ShouldBe(3);
        JsonDocument.Parse((await _fixture.RunAsync("audit-report", "--org", "acme", "--as-of", "2020-01-01", "--json")).Json)
            .RootElement.GetProperty("commitments").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task for_people_it_shows_the_verification_and_each_commitment_with_its_auditors_and_sources()
    {
        var run = await _fixture.RunAsync("audit-report", "--org", "acme", "--as-of", "2021-06-01");

        run.Exit.ShouldBe(0, run.ToString());
        run.Json.ShouldBeEmpty();
        run.Console.ShouldContain("Ledger verified");
        run.Console.ShouldContain("acme-moratorium");
        run.Console.ShouldContain("big-four");
        run.Console.ShouldContain("ngo-watch");
        run.Console.ShouldContain("Invoices show the sale.");
        run.Console.ShouldContain("ISAE 3000");
        run.Console.ShouldContain(AuditUrl);
        run.Console.ShouldContain("conduct.observed");
    }

    [Theory]
    [InlineData("audit-report", "--org", "acme-typo", "--json")]
    [InlineData("audit-report", "--json")]
    [InlineData("audit-report", "--org", "acme", "--as-of", "2021-13-01")]
    [InlineData("audit-report", "--org", "acme", "--known-at", "yesterday")]
    public async Task bad_input_is_refused_with_exit_2(params string[] args)
    {
        var run = await _fixture.RunAsync(args);

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldStartWith("error: ");
        run.Json.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_unregistered_organization_is_named_in_the_error()
    {
        var run = await _fixture.RunAsync("audit-report", "--org", "acme-typo");

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldContain("organization 'acme-typo' is not registered");
    }

    [Fact]
    public async Task help_explains_the_command()
    {
        var run = await _fixture.RunAsync("audit-report", "--help");

        run.Exit.ShouldBe(0, run.ToString());
        run.Console.ShouldContain("USAGE:");
        run.Console.ShouldContain("--org");
    }

    [Fact]
    public async Task events_not_yet_under_a_checkpoint_are_counted_and_a_tampered_ledger_is_reported_with_exit_0()
    {
        await using var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        (await fixture.ImportAsync(Org("acme"), Made("acme-moratorium", "acme", "2020-06-10"))).Exit.ShouldBe(0);

        var unsigned = await fixture.RunAsync("audit-report", "--org", "acme", "--json");
        unsigned.Exit.ShouldBe(0, unsigned.ToString());
        var before = JsonDocument.Parse(unsigned.Json).RootElement.GetProperty("verification");
        before.GetProperty("checkpoints").GetInt32().ShouldBe(0);
        before.GetProperty("uncovered").GetInt64().ShouldBe(2);

        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        await fixture.ExecuteAsync(
            $"update {fixture.Schema}.mt_events set data = jsonb_set(data, '{{Statement}}', '\"We will sell.\"') where stream_id = 'commitment:acme-moratorium' and version = 1");

        var tampered = await fixture.RunAsync("audit-report", "--org", "acme", "--json");
        tampered.Exit.ShouldBe(0, tampered.ToString());
        var after = JsonDocument.Parse(tampered.Json).RootElement.GetProperty("verification");
        after.GetProperty("ok").GetBoolean().ShouldBeFalse();
        after.GetProperty("problems").GetInt32().ShouldBeGreaterThan(0);
        after.GetProperty("first").GetProperty("kind").GetString().ShouldBe("payload-changed");
        after.GetProperty("first").GetProperty("stream").GetString().ShouldBe("commitment:acme-moratorium");

        var people = await fixture.RunAsync("audit-report", "--org", "acme");
        people.Exit.ShouldBe(0, people.ToString());
        people.Console.ShouldContain("NOT verified");
        people.Console.ShouldContain("payload-changed");
    }
}
