using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>
/// The auditor's report lists what the record says about each commitment — findings, attestations,
/// dated evidence with sources — beside the evaluator's status and flags, and never changes them.
/// </summary>
public class AuditReportTests
{
    const string AuditorUrl = "https://example.org/audit-2021";

    static readonly string[] Story =
    [
        Org(),
        Made("c1", on: "2020-01-01", scope: new { activities = new[] { "sell" } }),
        Violation("c1", "v1", "2020-03-01"),
        With(Confirmed("c1", "v1", "2020-04-01"), ("by", "big-four"), ("finding", "Sales records show it."), ("source", new { url = AuditorUrl })),
        Conduct("sale-1", "2020-05-01", activity: "sell"),
        With(Dismissed("c1", "sale-1", "2020-06-01"), ("by", "ngo-watch"), ("reason", "It was a demo, not a sale.")),
        With(Attested("c1", "2020-07-01", verdict: "broken"), ("by", "big-four"), ("methodology", "ISAE 3000"), ("source", new { url = AuditorUrl })),
        Violation("c1", "v2", "2020-08-01"),
        Confirmed("c1", "v2", "2020-09-01"),
        Attested("c1", "2020-10-01", verdict: "kept"),
    ];

    static AuditReport Report(string asOf, params string[] lines) =>
        AuditReport.Of(TestLedger.Import(lines).Organization("acme"), D(asOf));

    [Fact]
    public void findings_are_listed_with_their_auditor_the_state_they_set_and_their_text()
    {
        var audit = Report("2021-01-01", Story).Commitments.ShouldHaveSingleItem();

        audit.Findings.Count.ShouldBe(3);
        audit.Findings[0].ShouldBe(new FindingView("v1", "confirmed", "big-four", "Sales records show it.", D("2020-04-01"), AuditorUrl));
        audit.Findings[1].ShouldBe(new FindingView("sale-1", "dismissed", "ngo-watch", "It was a demo, not a sale.", D("2020-06-01"), null));
        audit.Findings[2].ShouldBe(new FindingView("v2", "confirmed", "auditor", "True.", D("2020-09-01"), null));
    }

    [Fact]
    public void attestations_are_listed_with_their_auditor_verdict_note_and_methodology()
    {
        var audit = Report("2021-01-01", Story).Commitments.ShouldHaveSingleItem();

        audit.Attestations.Count.ShouldBe(2);
        audit.Attestations[0].ShouldBe(new AttestationRecord("broken", "big-four", "Checked.", "ISAE 3000", D("2020-07-01"), AuditorUrl));
        audit.Attestations[1].ShouldBe(new AttestationRecord("kept", "auditor", "Checked.", null, D("2020-10-01"), null));
    }

    [Fact]
    public void only_findings_attestations_and_evidence_on_or_before_the_date_are_listed()
    {
        var audit = Report("2020-07-01", Story).Commitments.ShouldHaveSingleItem();

        audit.Findings.Select(f => f.Flag).ShouldBe(["v1", "sale-1"]);
        audit.Attestations.ShouldHaveSingleItem().On.ShouldBe(D("2020-07-01"));
        audit.Evidence.ShouldAllBe(e => e.On <= D("2020-07-01"));
        audit.Evidence.Select(e => e.Subject).ShouldNotContain("v2");

        var before = Report("2020-03-31", Story).Commitments.ShouldHaveSingleItem();
        before.Findings.ShouldBeEmpty();
        before.Attestations.ShouldBeEmpty();
    }

    [Fact]
    public void status_broken_and_flags_are_the_evaluators_whatever_the_attestations_say()
    {
        var ledger = TestLedger.Import(Story).Organization("acme");
        foreach (var date in new[] { "2020-06-30", "2020-07-01", "2020-09-30", "2020-10-01", "2021-01-01" })
        {
            var audit = AuditReport.Of(ledger, D(date)).Commitments.ShouldHaveSingleItem();
            var stance = Evaluator.Stance(ledger, D(date)).Commitments.Single();
            audit.Stance.Status.ShouldBe(stance.Status, date);
            audit.Stance.InForce.ShouldBe(stance.InForce, date);
            audit.Stance.Broken.ShouldBe(stance.Broken, date);
            audit.Stance.Term.ShouldBe(stance.Term, date);
            audit.Stance.Flags.ShouldBe(stance.Flags, date);
        }

        // Attested "kept" on 2020-10-01 while a confirmed flag stands: still broken, still in force.
        var late = AuditReport.Of(ledger, D("2021-01-01")).Commitments.Single().Stance;
        late.Status.ShouldBe("in-force");
        late.Broken.ShouldBeTrue();

        // Attested "broken" on its own changes nothing: no flag is confirmed, so not broken.
        var attestedOnly = Report("2021-01-01", Org(), Made("c1", on: "2020-01-01"), Attested("c1", "2020-02-01", verdict: "broken"))
            .Commitments.Single();
        attestedOnly.Stance.Broken.ShouldBeFalse();
        attestedOnly.Stance.Flags.ShouldBeEmpty();
        attestedOnly.Stance.Status.ShouldBe("in-force");
        attestedOnly.Attestations.ShouldHaveSingleItem().Verdict.ShouldBe("broken");
    }

    [Fact]
    public void evidence_lists_every_dated_entry_in_fold_order_with_its_source_and_the_conduct_that_raised_a_flag()
    {
        var audit = Report("2021-01-01", Story).Commitments.ShouldHaveSingleItem();

        audit.Evidence.Select(e => (e.Type, e.On.ToString("yyyy-MM-dd"), e.Subject)).ShouldBe(
        [
            ("commitment.made", "2020-01-01", "c1"),
            ("violation.alleged", "2020-03-01", "v1"),
            ("flag.confirmed", "2020-04-01", "v1"),
            ("conduct.observed", "2020-05-01", "sale-1"),
            ("flag.dismissed", "2020-06-01", "sale-1"),
            ("commitment.attested", "2020-07-01", "c1"),
            ("violation.alleged", "2020-08-01", "v2"),
            ("flag.confirmed", "2020-09-01", "v2"),
            ("commitment.attested", "2020-10-01", "c1"),
        ]);
        audit.Evidence.Single(e => e.Type == "conduct.observed").SourceUrl.ShouldBe(Url);
        audit.Evidence[0].SourceUrl.ShouldBe(Url);
        audit.Evidence.Single(e => e.Type == "flag.confirmed" && e.Subject == "v1").SourceUrl.ShouldBe(AuditorUrl);
        audit.Evidence.Single(e => e.Type == "flag.confirmed" && e.Subject == "v2").SourceUrl.ShouldBeNull();
    }

    [Fact]
    public void conduct_that_flags_no_commitment_is_not_evidence_and_conduct_goes_only_to_the_commitments_it_flags()
    {
        var audit = Report("2021-01-01",
            Org(),
            Made("c1", on: "2020-01-01", scope: new { activities = new[] { "sell" } }),
            Made("c2", on: "2020-01-01", scope: new { activities = new[] { "license" } }),
            Conduct("sale-1", "2020-05-01", activity: "sell"),
            Conduct("other-topic", "2020-05-01", activity: "sell", topic: "privacy"));

        var c1 = audit.Commitments.Single(c => c.Stance.Commitment == "c1");
        var c2 = audit.Commitments.Single(c => c.Stance.Commitment == "c2");
        c1.Evidence.Where(e => e.Type == "conduct.observed").Select(e => e.Subject).ShouldBe(["sale-1"]);
        c1.Stance.Flags.ShouldHaveSingleItem().Flag.ShouldBe("sale-1");
        c2.Evidence.ShouldNotContain(e => e.Type == "conduct.observed");
    }

    [Fact]
    public void commitments_not_yet_made_are_left_out_like_the_stance()
    {
        var report = Report("2020-06-01", Org(), Made("c1", on: "2020-01-01"), Made("c2", on: "2021-01-01"));

        report.Org.ShouldBe("acme");
        report.AsOf.ShouldBe(D("2020-06-01"));
        report.Commitments.Select(c => c.Stance.Commitment).ShouldBe(["c1"]);
    }

    [Fact]
    public void what_was_recorded_after_known_at_is_not_in_the_report()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"), Violation("c1", "v1", "2020-03-01"))
            .Then(T2, Confirmed("c1", "v1", "2020-04-01"), Attested("c1", "2020-05-01"));

        var before = AuditReport.Of(ledger.Organization("acme", T1), D("2021-01-01")).Commitments.Single();
        var after = AuditReport.Of(ledger.Organization("acme", T2), D("2021-01-01")).Commitments.Single();

        before.Findings.ShouldBeEmpty();
        before.Attestations.ShouldBeEmpty();
        before.Stance.Broken.ShouldBeFalse();
        after.Findings.ShouldHaveSingleItem().By.ShouldBe("auditor");
        after.Attestations.ShouldHaveSingleItem();
        after.Stance.Broken.ShouldBeTrue();
    }
}
