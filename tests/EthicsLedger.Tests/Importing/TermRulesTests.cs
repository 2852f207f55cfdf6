using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Importing.ImportAssertions;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>"`until <= from` or `due < from` in the term in effect after any `commitment.made` or `commitment.amended`".</summary>
public class TermRulesTests
{
    // ---- commitment.made: from defaults to its on ----

    [Fact]
    public void a_made_whose_until_is_its_default_from_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { until = "2020-01-01" }))
            .ShouldRefuseOnly(2, "2020-01-01");
    }

    [Fact]
    public void a_made_whose_until_is_the_day_after_its_default_from_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { until = "2020-01-02" }))
            .ShouldBeAccepted(2);
    }

    [Fact]
    public void a_made_whose_until_is_before_its_named_from_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { from = "2021-01-01", until = "2020-06-01" }))
            .ShouldRefuseOnly(2, "2020-06-01");
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { from = "2021-01-01", until = "2021-01-01" }))
            .ShouldRefuseOnly(2, "2021-01-01");
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { from = "2021-01-01", until = "2021-01-02" }))
            .ShouldBeAccepted(2);
    }

    [Fact]
    public void a_made_whose_due_is_before_its_from_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { due = "2019-12-31" }))
            .ShouldRefuseOnly(2, "2019-12-31");
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { from = "2021-01-01", due = "2020-12-31" }))
            .ShouldRefuseOnly(2, "2020-12-31");
    }

    [Fact]
    public void a_made_due_on_its_from_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { due = "2020-01-01" }))
            .ShouldBeAccepted(2);
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { from = "2021-01-01", due = "2021-01-01" }))
            .ShouldBeAccepted(2);
    }

    [Fact]
    public void a_made_with_a_bad_term_is_refused_even_when_a_later_amendment_repairs_it()
    {
        // The rule is about the term in effect after EACH made or amended, not only the last one.
        TestLedger.Check(null,
                Org(),
                Made("c1", on: "2020-01-01", term: new { until = "2019-06-01" }),
                Amended("c1", "2020-02-01", term: new { until = (string?)null }))
            .ShouldRefuseOnly(2, "2019-06-01");
    }

    // ---- commitment.amended ----

    [Fact]
    public void an_amendment_setting_until_on_or_before_from_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01"), Amended("c1", "2020-06-01", term: new { until = "2020-01-01" }))
            .ShouldRefuseOnly(3, "2020-01-01");
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01"), Amended("c1", "2020-06-01", term: new { until = "2019-01-01" }))
            .ShouldRefuseOnly(3, "2019-01-01");
    }

    [Fact]
    public void an_amendment_setting_until_the_day_after_from_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01"), Amended("c1", "2020-06-01", term: new { until = "2020-01-02" }))
            .ShouldBeAccepted(3);
    }

    [Fact]
    public void an_amendment_setting_due_before_from_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01"), Amended("c1", "2020-06-01", term: new { due = "2019-12-31" }))
            .ShouldRefuseOnly(3, "2019-12-31");
    }

    [Fact]
    public void an_amendment_setting_due_on_from_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01"), Amended("c1", "2020-06-01", term: new { due = "2020-01-01" }))
            .ShouldBeAccepted(3);
    }

    [Fact]
    public void an_amendment_moving_from_onto_or_past_the_existing_until_is_refused()
    {
        // The amendment names only from; until comes from the made: the term in effect after it is what counts.
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { until = "2022-01-01" }),
                Amended("c1", "2021-01-01", term: new { from = "2022-01-01" }))
            .ShouldRefuseOnly(3, "2022-01-01");
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { until = "2022-01-01" }),
                Amended("c1", "2021-01-01", term: new { from = "2022-03-01" }))
            .ShouldRefuseOnly(3, "2022-03-01");
    }

    [Fact]
    public void an_amendment_moving_from_to_the_day_before_the_existing_until_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { until = "2022-01-01" }),
                Amended("c1", "2021-01-01", term: new { from = "2021-12-31" }))
            .ShouldBeAccepted(3);
    }

    [Fact]
    public void an_amendment_moving_from_past_the_existing_due_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { due = "2021-06-01" }),
                Amended("c1", "2021-01-01", term: new { from = "2021-06-02" }))
            .ShouldRefuseOnly(3, "2021-06-01");
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { due = "2021-06-01" }),
                Amended("c1", "2021-01-01", term: new { from = "2021-06-01" }))
            .ShouldBeAccepted(3);
    }

    [Fact]
    public void an_amendment_moving_from_and_clearing_until_together_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { until = "2022-01-01" }),
                Amended("c1", "2021-01-01", term: new { from = "2023-01-01", until = (string?)null }))
            .ShouldBeAccepted(3);
    }

    [Fact]
    public void an_amendment_of_a_commitment_made_in_the_ledger_is_checked_against_the_recorded_term()
    {
        var ledger = Recorded(Org(), Made("c1", on: "2020-01-01", term: new { until = "2022-01-01" }));

        TestLedger.Check(ledger, Amended("c1", "2021-01-01", term: new { from = "2022-01-01" }))
            .ShouldRefuseOnly(1, "2022-01-01");
        TestLedger.Check(ledger, Amended("c1", "2021-01-01", term: new { from = "2021-12-31" }))
            .ShouldBeAccepted(1);
    }

    [Fact]
    public void an_amendment_is_checked_with_the_term_left_by_the_amendments_before_it_in_date_order()
    {
        // Line 3 (dated 2021-06-01) folds after line 4 (dated 2021-01-01), which moved from to 2021-09-01:
        // after line 3 the term is from 2021-09-01 until 2021-08-01.
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01"),
                Amended("c1", "2021-06-01", term: new { until = "2021-08-01" }),
                Amended("c1", "2021-01-01", term: new { from = "2021-09-01" }))
            .ShouldRefuseOnly(3, "2021-08-01");
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01"),
                Amended("c1", "2021-06-01", term: new { until = "2021-09-02" }),
                Amended("c1", "2021-01-01", term: new { from = "2021-09-01" }))
            .ShouldBeAccepted(4);
    }
}
