using EthicsLedger.Importing;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Importing.ImportAssertions;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// "a reference to an organization, commitment or flag that exists neither in the ledger nor in
/// the file (a flag exists if a rule above raises it from the ledger plus the file)".
/// </summary>
public class ReferenceRulesTests
{
    // ---- organizations ----

    [Fact]
    public void a_commitment_of_an_organization_registered_nowhere_is_refused()
    {
        TestLedger.Check(null, Org("acme"), Made("c1", org: "ghost")).ShouldRefuseOnly(2, "ghost");
    }

    [Fact]
    public void a_commitment_of_an_organization_registered_on_a_later_line_is_accepted()
    {
        TestLedger.Check(null, Made("c1", org: "acme"), Org("acme")).ShouldBeAccepted(2);
    }

    [Fact]
    public void a_commitment_of_an_organization_registered_in_the_ledger_is_accepted()
    {
        var ledger = TestLedger.Import(Org("acme"));
        TestLedger.Check(ledger, Made("c1", org: "acme")).ShouldBeAccepted(1);
    }

    [Fact]
    public void a_conduct_of_an_organization_registered_nowhere_is_refused()
    {
        TestLedger.Check(null, Org("acme"), Conduct("k-1", "2021-01-01", org: "ghost")).ShouldRefuseOnly(2, "ghost");
    }

    [Fact]
    public void a_conduct_of_an_organization_registered_on_a_later_line_is_accepted()
    {
        TestLedger.Check(null, Conduct("k-1", "2021-01-01", org: "acme"), Org("acme")).ShouldBeAccepted(2);
    }

    [Fact]
    public void a_conduct_of_an_organization_registered_in_the_ledger_is_accepted()
    {
        var ledger = TestLedger.Import(Org("acme"));
        TestLedger.Check(ledger, Conduct("k-1", "2021-01-01", org: "acme")).ShouldBeAccepted(1);
    }

    // ---- commitments ----

    public static TheoryData<string> CommitmentEntryTypes =>
    [
        "commitment.amended", "commitment.condition-met", "commitment.fulfilled", "commitment.withdrawn",
        "violation.alleged", "flag.confirmed", "flag.dismissed", "commitment.attested",
    ];

    /// <summary>A line of <paramref name="type"/> about <paramref name="commitment"/>, dated 2021-01-01 (findings are about violation v-1).</summary>
    static string About(string type, string commitment) => type switch
    {
        "commitment.amended" => Amended(commitment, "2021-01-01", statement: "We will not, ever."),
        "commitment.condition-met" => ConditionMet(commitment, "2021-01-01"),
        "commitment.fulfilled" => Fulfilled(commitment, "2021-01-01"),
        "commitment.withdrawn" => Withdrawn(commitment, "2021-01-01"),
        "violation.alleged" => Violation(commitment, "v-2", "2021-01-01"),
        "flag.confirmed" => Confirmed(commitment, "v-1", "2021-01-01"),
        "flag.dismissed" => Dismissed(commitment, "v-1", "2021-01-01"),
        "commitment.attested" => Attested(commitment, "2021-01-01"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    [Theory]
    [MemberData(nameof(CommitmentEntryTypes))]
    public void an_entry_about_a_commitment_made_nowhere_is_refused(string type)
    {
        TestLedger.Check(null, Org(), Made("c1"), Violation("c1", "v-1", "2020-06-01"), About(type, "ghost"))
            .ShouldRefuseOnly(4, "ghost");
    }

    [Theory]
    [MemberData(nameof(CommitmentEntryTypes))]
    public void an_entry_about_a_commitment_made_on_a_later_line_is_accepted(string type)
    {
        TestLedger.Check(null, Org(), About(type, "c1"), Violation("c1", "v-1", "2020-06-01"), Made("c1"))
            .ShouldBeAccepted(4);
    }

    [Theory]
    [MemberData(nameof(CommitmentEntryTypes))]
    public void an_entry_about_a_commitment_made_in_the_ledger_is_accepted(string type)
    {
        var ledger = TestLedger.Import(Org(), Made("c1"), Violation("c1", "v-1", "2020-06-01"));
        TestLedger.Check(ledger, About(type, "c1")).ShouldBeAccepted(1);
    }

    // ---- flags ----

    [Theory]
    [InlineData("flag.confirmed")]
    [InlineData("flag.dismissed")]
    public void a_finding_about_a_flag_raised_nowhere_is_refused(string finding)
    {
        TestLedger.Check(null, Org(), Made("c1"), Violation("c1", "v-1", "2020-06-01"), Finding(finding, "c1", "v-9", "2021-01-01"))
            .ShouldRefuseOnly(4, "v-9");
    }

    [Theory]
    [InlineData("flag.confirmed")]
    [InlineData("flag.dismissed")]
    public void a_finding_about_a_flag_raised_on_a_later_line_is_accepted(string finding)
    {
        TestLedger.Check(null, Org(), Made("c1"), Finding(finding, "c1", "v-1", "2021-01-01"), Violation("c1", "v-1", "2020-06-01"))
            .ShouldBeAccepted(4);
    }

    [Theory]
    [InlineData("flag.confirmed")]
    [InlineData("flag.dismissed")]
    public void a_finding_about_a_flag_raised_in_the_ledger_is_accepted(string finding)
    {
        var ledger = TestLedger.Import(Org(), Made("c1"), Violation("c1", "v-1", "2020-06-01"));
        TestLedger.Check(ledger, Finding(finding, "c1", "v-1", "2021-01-01")).ShouldBeAccepted(1);
    }

    [Fact]
    public void a_finding_about_a_flag_raised_by_a_recorded_conduct_is_accepted()
    {
        var ledger = TestLedger.Import(Org(), Made("c1"), Conduct("k-1", "2021-01-01"));
        TestLedger.Check(ledger, Confirmed("c1", "k-1", "2021-02-01")).ShouldBeAccepted(1);
    }

    [Fact]
    public void a_flag_is_raised_from_the_ledger_and_the_file_together()
    {
        // The recorded conduct flags nothing until the file makes the commitment it contradicts.
        var ledger = TestLedger.Import(Org(), Conduct("k-1", "2021-01-01"));

        TestLedger.Check(ledger, Made("c1", on: "2020-01-01"), Confirmed("c1", "k-1", "2021-02-01")).ShouldBeAccepted(2);
        TestLedger.Check(ledger, Made("c1", on: "2021-01-02"), Confirmed("c1", "k-1", "2021-02-01")).ShouldRefuseOnly(2, "k-1");
    }

    static string Finding(string type, string commitment, string flag, string on) =>
        type == "flag.confirmed" ? Confirmed(commitment, flag, on) : Dismissed(commitment, flag, on);

    [Fact]
    public void a_finding_about_a_violation_alleged_on_another_commitment_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1"), Made("c2"), Violation("c2", "v-1", "2020-06-01"), Confirmed("c1", "v-1", "2021-01-01"))
            .ShouldRefuseOnly(5, "v-1");
        TestLedger.Check(null, Org(), Made("c1"), Made("c2"), Violation("c2", "v-1", "2020-06-01"), Confirmed("c2", "v-1", "2021-01-01"))
            .ShouldBeAccepted(5);
    }

    // A flag exists only if a rule raises it. Conduct that does not match the commitment raises none.

    static readonly object SellToPolice = new { activities = new[] { "sell" }, counterparties = new[] { "police" }, exceptions = new[] { "fire-brigade" } };

    static ImportPlan ConfirmConduct(string conduct, string topic = "facial-recognition", object? term = null) =>
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", scope: SellToPolice, term: term, topic: topic), conduct,
            Confirmed("c1", "k-1", "2021-03-01"));

    [Fact]
    public void confirming_a_conduct_that_matches_the_commitment_is_accepted()
    {
        ConfirmConduct(Conduct("k-1", "2021-02-01", activity: "sell", counterparty: "police")).ShouldBeAccepted(4);
        ConfirmConduct(Conduct("k-1", "2021-02-01", activity: "sell")).ShouldBeAccepted(4);
    }

    [Fact]
    public void confirming_a_conduct_outside_the_commitments_activities_is_refused()
    {
        ConfirmConduct(Conduct("k-1", "2021-02-01", activity: "build", counterparty: "police")).ShouldRefuseOnly(4, "k-1");
    }

    [Fact]
    public void confirming_a_conduct_outside_the_commitments_counterparties_is_refused()
    {
        ConfirmConduct(Conduct("k-1", "2021-02-01", activity: "sell", counterparty: "army")).ShouldRefuseOnly(4, "k-1");
    }

    [Fact]
    public void confirming_a_conduct_with_an_excepted_counterparty_is_refused()
    {
        var scope = new { exceptions = new[] { "fire-brigade" } };
        TestLedger.Check(null, Org(), Made("c1", scope: scope), Conduct("k-1", "2021-02-01", counterparty: "fire-brigade"),
                Confirmed("c1", "k-1", "2021-03-01"))
            .ShouldRefuseOnly(4, "k-1");
        TestLedger.Check(null, Org(), Made("c1", scope: scope), Conduct("k-1", "2021-02-01", counterparty: "police"),
                Confirmed("c1", "k-1", "2021-03-01"))
            .ShouldBeAccepted(4);
    }

    [Fact]
    public void confirming_a_conduct_on_another_topic_is_refused()
    {
        ConfirmConduct(Conduct("k-1", "2021-02-01", activity: "sell", topic: "surveillance")).ShouldRefuseOnly(4, "k-1");
    }

    [Fact]
    public void confirming_a_conduct_of_another_organization_is_refused()
    {
        TestLedger.Check(null, Org("acme"), Org("other"), Made("c1", org: "acme"), Conduct("k-1", "2021-02-01", org: "other"),
                Confirmed("c1", "k-1", "2021-03-01"))
            .ShouldRefuseOnly(5, "k-1");
    }

    [Fact]
    public void confirming_a_conduct_observed_while_the_commitment_was_announced_is_refused()
    {
        ConfirmConduct(Conduct("k-1", "2021-02-01", activity: "sell"), term: new { from = "2021-02-02" }).ShouldRefuseOnly(4, "k-1");
        ConfirmConduct(Conduct("k-1", "2021-02-01", activity: "sell"), term: new { from = "2021-02-01" }).ShouldBeAccepted(4);
    }

    [Fact]
    public void confirming_a_conduct_observed_after_the_commitment_expired_is_refused()
    {
        ConfirmConduct(Conduct("k-1", "2021-02-01", activity: "sell"), term: new { until = "2021-02-01" }).ShouldRefuseOnly(4, "k-1");
        ConfirmConduct(Conduct("k-1", "2021-02-01", activity: "sell"), term: new { until = "2021-02-02" }).ShouldBeAccepted(4);
    }

    [Fact]
    public void confirming_a_conduct_judges_it_by_the_scope_in_effect_on_the_conducts_date()
    {
        // From 2021-01-01 the scope is "build" only; a sale on 2021-02-01 no longer matches.
        TestLedger.Check(null, Org(), Made("c1", scope: new { activities = new[] { "sell" } }),
                Amended("c1", "2021-01-01", scope: new { activities = new[] { "build" } }),
                Conduct("k-1", "2021-02-01", activity: "sell"), Confirmed("c1", "k-1", "2021-03-01"))
            .ShouldRefuseOnly(5, "k-1");
        TestLedger.Check(null, Org(), Made("c1", scope: new { activities = new[] { "sell" } }),
                Amended("c1", "2021-03-01", scope: new { activities = new[] { "build" } }),
                Conduct("k-1", "2021-02-01", activity: "sell"), Confirmed("c1", "k-1", "2021-03-01"))
            .ShouldBeAccepted(5);
    }

    [Fact]
    public void confirming_withdrawn_early_without_a_withdrawal_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1"), Confirmed("c1", "withdrawn-early", "2021-03-01"))
            .ShouldRefuseOnly(3, "withdrawn-early");
        TestLedger.Check(null, Org(), Made("c1"), Fulfilled("c1", "2021-01-01"), Confirmed("c1", "withdrawn-early", "2021-03-01"))
            .ShouldRefuseOnly(4, "withdrawn-early");
    }

    [Fact]
    public void confirming_withdrawn_early_after_a_withdrawal_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1"), Withdrawn("c1", "2021-01-01"), Dismissed("c1", "withdrawn-early", "2021-03-01"))
            .ShouldBeAccepted(4);
    }

    [Fact]
    public void confirming_deadline_missed_on_a_commitment_without_a_due_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1"), Confirmed("c1", "deadline-missed", "2021-03-01"))
            .ShouldRefuseOnly(3, "deadline-missed");
    }

    [Fact]
    public void confirming_deadline_missed_after_a_fulfilment_in_time_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", term: new { due = "2021-01-01" }), Fulfilled("c1", "2020-12-31"),
                Confirmed("c1", "deadline-missed", "2021-03-01"))
            .ShouldRefuseOnly(4, "deadline-missed");
        // Fulfilled on its due date: on that date it is no longer in force, so it is in time too.
        TestLedger.Check(null, Org(), Made("c1", term: new { due = "2021-01-01" }), Fulfilled("c1", "2021-01-01"),
                Confirmed("c1", "deadline-missed", "2021-03-01"))
            .ShouldRefuseOnly(4, "deadline-missed");
        TestLedger.Check(null, Org(), Made("c1", term: new { due = "2021-01-01" }), Fulfilled("c1", "2021-01-02"),
                Confirmed("c1", "deadline-missed", "2021-03-01"))
            .ShouldBeAccepted(4);
    }

    [Fact]
    public void confirming_deadline_missed_on_a_commitment_that_expired_before_its_due_is_refused()
    {
        // Never in force on or after its due: the flag is never raised.
        TestLedger.Check(null, Org(), Made("c1", term: new { until = "2021-01-01", due = "2021-02-01" }),
                Confirmed("c1", "deadline-missed", "2021-03-01"))
            .ShouldRefuseOnly(3, "deadline-missed");
    }
}
