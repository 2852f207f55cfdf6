using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Importing.ImportAssertions;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// "An import is also wrong if, with it, an entry already in the ledger would break a rule below
/// (a late amendment that moves `until` before a recorded withdrawal, say): the reason is
/// reported on the first new line, in file order, that takes part."
/// </summary>
public class RecordedEntryRulesTests
{
    // ---- a recorded ending becomes an ending after expiry, or a second ending ----

    static readonly string[] Withdrawal = [Org(), Made("c1", on: "2020-01-01"), Withdrawn("c1", "2021-06-01")];

    [Fact]
    public void a_late_amendment_moving_until_onto_or_before_a_recorded_withdrawal_is_refused()
    {
        var ledger = Recorded(Withdrawal);

        TestLedger.Check(ledger, Amended("c1", "2020-06-01", term: new { until = "2021-06-01" }))
            .ShouldRefuseOnly(1, "2021-06-01");
        TestLedger.Check(ledger, Amended("c1", "2020-06-01", term: new { until = "2021-01-01" }))
            .ShouldRefuseOnly(1, "2021-06-01");
    }

    [Fact]
    public void a_late_amendment_moving_until_after_a_recorded_withdrawal_is_accepted()
    {
        TestLedger.Check(Recorded(Withdrawal), Amended("c1", "2020-06-01", term: new { until = "2021-06-02" }))
            .ShouldBeAccepted(1);
    }

    [Fact]
    public void a_late_amendment_moving_from_after_a_recorded_withdrawal_is_accepted()
    {
        // Announced on the withdrawal's date: withdrawing an announced commitment is allowed.
        TestLedger.Check(Recorded(Withdrawal), Amended("c1", "2020-06-01", term: new { from = "2022-01-01" }))
            .ShouldBeAccepted(1);
    }

    [Fact]
    public void an_ending_dated_before_a_recorded_ending_is_refused()
    {
        // The recorded withdrawal would become a second ending.
        TestLedger.Check(Recorded(Withdrawal), Fulfilled("c1", "2021-01-01")).ShouldRefuseOnly(1, "2021-06-01");
    }

    [Fact]
    public void an_amendment_dated_before_a_recorded_amendment_that_makes_its_term_impossible_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1", on: "2020-01-01"), Amended("c1", "2022-01-01", term: new { until = "2023-01-01" }));

        TestLedger.Check(ledger, Amended("c1", "2021-01-01", term: new { from = "2023-06-01" })).ShouldRefuseOnly(1, "2022-01-01");
        TestLedger.Check(ledger, Amended("c1", "2021-01-01", term: new { from = "2022-12-31" })).ShouldBeAccepted(1);
    }

    // ---- a recorded finding loses its flag, or comes before it ----

    static readonly object Selling = new { activities = new[] { "sell" } };

    [Fact]
    public void an_amendment_narrowing_the_scope_so_a_confirmed_conduct_no_longer_flags_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1", scope: Selling), Conduct("k-1", "2021-02-01", activity: "sell"), Confirmed("c1", "k-1", "2021-03-01"));

        TestLedger.Check(ledger, Amended("c1", "2021-01-01", scope: new { activities = new[] { "build" } }))
            .ShouldRefuseOnly(1, "k-1");
        TestLedger.Check(ledger, Amended("c1", "2021-01-01", scope: new { activities = new[] { "sell", "build" } }))
            .ShouldBeAccepted(1);
    }

    [Fact]
    public void a_withdrawal_before_a_confirmed_conduct_so_it_no_longer_flags_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1"), Conduct("k-1", "2021-02-01"), Confirmed("c1", "k-1", "2021-03-01"));

        TestLedger.Check(ledger, Withdrawn("c1", "2021-01-01")).ShouldRefuseOnly(1, "k-1");
        TestLedger.Check(ledger, Withdrawn("c1", "2021-02-02")).ShouldBeAccepted(1);
    }

    [Fact]
    public void a_fulfilment_in_time_under_a_confirmed_deadline_missed_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1", term: new { due = "2021-06-01" }), Confirmed("c1", "deadline-missed", "2021-07-01"));

        TestLedger.Check(ledger, Fulfilled("c1", "2021-05-01")).ShouldRefuseOnly(1, "deadline-missed");
        TestLedger.Check(ledger, Fulfilled("c1", "2021-06-15")).ShouldBeAccepted(1);
    }

    [Fact]
    public void an_amendment_moving_due_past_a_recorded_deadline_missed_finding_is_refused()
    {
        // Dated before the due: the flag is now raised on 2021-08-01, after the recorded confirmation.
        var ledger = Recorded(Org(), Made("c1", term: new { due = "2021-06-01" }), Confirmed("c1", "deadline-missed", "2021-07-01"));

        TestLedger.Check(ledger, Amended("c1", "2021-05-01", term: new { due = "2021-08-01" }))
            .ShouldRefuseOnly(1, "deadline-missed", "2021-07-01");
    }

    [Fact]
    public void an_amendment_of_due_after_the_deadline_was_missed_does_not_take_the_flag_back()
    {
        var ledger = Recorded(Org(), Made("c1", term: new { due = "2021-06-01" }), Confirmed("c1", "deadline-missed", "2021-07-01"));

        TestLedger.Check(ledger, Amended("c1", "2021-06-15", term: new { due = "2021-08-01" })).ShouldBeAccepted(1);
    }

    [Fact]
    public void a_conduct_making_a_recorded_violations_flag_a_conduct_of_the_same_commitment_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1", scope: Selling), Violation("c1", "k-1", "2021-02-01"));

        TestLedger.Check(ledger, Conduct("k-1", "2021-01-01", activity: "sell")).ShouldRefuseOnly(1, "k-1");
        TestLedger.Check(ledger, Conduct("k-1", "2021-01-01", activity: "build")).ShouldBeAccepted(1);
    }

    // ---- which new line carries the reason ----

    [Fact]
    public void the_reason_is_on_the_first_new_line_in_file_order_that_takes_part()
    {
        // Both amendments move until before the recorded withdrawal; line 2 folds first, line 1 is first in the file.
        var plan = TestLedger.Check(Recorded(Withdrawal),
            Amended("c1", "2020-09-01", term: new { until = "2021-03-01" }),
            Amended("c1", "2020-06-01", term: new { until = "2021-04-01" }));

        plan.ShouldRefuseOnly(1, "2021-06-01");
    }

    [Fact]
    public void a_new_line_about_another_commitment_does_not_carry_the_reason()
    {
        var plan = TestLedger.Check(Recorded(Withdrawal),
            Made("c2"),
            Amended("c1", "2020-06-01", term: new { until = "2021-01-01" }));

        plan.ShouldRefuseOnly(2, "2021-06-01");
    }

    [Fact]
    public void a_new_line_that_takes_no_part_does_not_carry_the_reason()
    {
        // An attestation "never changes status or flags": it takes no part in the recorded withdrawal becoming wrong.
        var plan = TestLedger.Check(Recorded(Withdrawal),
            Attested("c1", "2021-01-01"),
            Amended("c1", "2020-06-01", term: new { until = "2021-01-01" }));

        plan.ShouldRefuseOnly(2, "2021-06-01");
    }

    [Fact]
    public void a_new_amendment_that_changes_nothing_the_rule_depends_on_does_not_carry_the_reason()
    {
        // Line 1 only rewords the statement: without it the recorded withdrawal is still an ending after expiry.
        var plan = TestLedger.Check(Recorded(Withdrawal),
            Amended("c1", "2020-03-01", statement: "Reworded."),
            Amended("c1", "2020-06-01", term: new { until = "2021-01-01" }));

        plan.ShouldRefuseOnly(2, "2021-06-01");
    }

    [Fact]
    public void a_new_conduct_breaking_a_recorded_violation_carries_the_reason_rather_than_an_earlier_unrelated_line()
    {
        var ledger = Recorded(Org(), Made("c1", scope: Selling), Violation("c1", "k-1", "2021-02-01"));

        var plan = TestLedger.Check(ledger, Attested("c1", "2021-03-01"), Conduct("k-1", "2021-01-01", activity: "sell"));

        plan.ShouldRefuseOnly(2, "k-1");
    }

    [Fact]
    public void a_new_violation_about_another_flag_does_not_carry_the_reason_for_a_recorded_finding()
    {
        // Line 1 raises v-1, which has nothing to do with whether conduct k-1 still flags c1; line 2 decides that.
        var ledger = Recorded(Org(), Made("c1", scope: Selling), Conduct("k-1", "2021-02-01", activity: "sell"), Confirmed("c1", "k-1", "2021-03-01"));

        var plan = TestLedger.Check(ledger,
            Violation("c1", "v-1", "2021-04-01"),
            Amended("c1", "2021-01-01", scope: new { activities = new[] { "build" } }));

        plan.ShouldRefuseOnly(2, "k-1");
    }
}
