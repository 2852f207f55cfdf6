using EthicsLedger.Entries;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>
/// Every fold orders by on; on the same on, commitment.made first, then recording order, then
/// line order within one file — never append order alone.
/// </summary>
public class FoldOrderTests
{
    // ---- by on, whatever the recording order ----

    [Fact]
    public void an_older_amendment_recorded_later_lands_in_its_place_and_does_not_override_a_newer_one()
    {
        var ledger = ImportAt(T1,
                Org(),
                Made("c1", on: "2019-01-01", term: new { until = "2021-01-01" }),
                Amended("c1", "2020-06-01", term: new { until = (string?)null }))
            .Then(T2,
                Amended("c1", "2019-06-01", term: new { until = "2020-03-01" }));

        // The 2019 amendment counts in 2019 and early 2020 ...
        ledger.Commitment("c1", "2019-06-01").Term.Until.ShouldBe(D("2020-03-01"));
        ledger.StatusOf("c1", "2020-03-01").ShouldBe("expired");
        ledger.StatusOf("c1", "2020-05-31").ShouldBe("expired");
        // ... and the 2020 amendment, recorded earlier, still wins from 2020-06-01.
        ledger.StatusOf("c1", "2020-06-01").ShouldBe("in-force");
        ledger.StatusOf("c1", "2025-01-01").ShouldBe("in-force");
        ledger.Commitment("c1", "2025-01-01").Term.Until.ShouldBeNull();
    }

    [Fact]
    public void a_2019_withdrawal_recorded_after_later_facts_ends_the_commitment_in_2019()
    {
        var ledger = ImportAt(T1,
                Org(),
                Made("c1", on: "2019-01-01"),
                Violation("c1", "v1", "2020-01-01"))
            .Then(T2, Withdrawn("c1", "2019-06-01"));

        ledger.StatusOf("c1", "2019-05-31").ShouldBe("in-force");
        ledger.StatusOf("c1", "2019-06-01").ShouldBe("withdrawn");
        ledger.FlagOf("c1", "withdrawn-early", "2019-06-01")!.RaisedOn.ShouldBe(D("2019-06-01"));
    }

    [Fact]
    public void entries_in_one_file_are_folded_by_on_not_by_line()
    {
        var ledger = TestLedger.Import(
            Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2021-01-01" }),
            Amended("c1", "2022-01-01", term: new { until = (string?)null }),
            Amended("c1", "2020-06-01", term: new { until = "2023-01-01" }));

        ledger.Commitment("c1", "2021-06-01").Term.Until.ShouldBe(D("2023-01-01"));
        ledger.Commitment("c1", "2022-01-01").Term.Until.ShouldBeNull();
        ledger.StatusOf("c1", "2024-01-01").ShouldBe("in-force");
    }

    // ---- same on: commitment.made first ----

    [Fact]
    public void on_the_same_day_the_commitment_made_is_folded_before_an_amendment_written_above_it()
    {
        var ledger = TestLedger.Import(
            Org(),
            Amended("c1", "2020-01-01", term: new { until = "2021-01-01" }),
            Made("c1", on: "2020-01-01"));

        ledger.Commitment("c1", "2020-01-01").Term.Until.ShouldBe(D("2021-01-01"));
        ledger.StatusOf("c1", "2021-01-01").ShouldBe("expired");
    }

    [Fact]
    public void the_comparer_puts_a_commitment_made_first_on_its_day_even_when_recorded_later()
    {
        var amendedEarlier = Stamp(Amended("c1", "2020-01-01", term: new { until = "2021-01-01" }), T1, 1);
        var madeLater = Stamp(Made("c1", on: "2020-01-01"), T2, 1);

        var ordered = new Entry[] { amendedEarlier, madeLater }.Order(FoldOrder.Comparer).ToList();

        ordered[0].ShouldBeOfType<CommitmentMade>();
    }

    [Fact]
    public void the_comparer_orders_by_on_before_recording_time_and_line()
    {
        var late = Stamp(Violation("c1", "v-late", "2021-01-01"), T1, 1);
        var early = Stamp(Violation("c1", "v-early", "2020-01-01"), T2, 9);

        new Entry[] { late, early }.Order(FoldOrder.Comparer).Cast<ViolationAlleged>().Select(v => v.Flag)
            .ShouldBe(["v-early", "v-late"]);
    }

    [Fact]
    public void the_comparer_orders_by_recording_time_before_line_on_the_same_day()
    {
        var firstRecorded = Stamp(Violation("c1", "v-first", "2020-01-01"), T1, 9);
        var secondRecorded = Stamp(Violation("c1", "v-second", "2020-01-01"), T2, 1);

        new Entry[] { secondRecorded, firstRecorded }.Order(FoldOrder.Comparer).Cast<ViolationAlleged>().Select(v => v.Flag)
            .ShouldBe(["v-first", "v-second"]);
    }

    [Fact]
    public void the_comparer_orders_by_line_within_one_recording()
    {
        var line2 = Stamp(Violation("c1", "v-line2", "2020-01-01"), T1, 2);
        var line7 = Stamp(Violation("c1", "v-line7", "2020-01-01"), T1, 7);

        new Entry[] { line7, line2 }.Order(FoldOrder.Comparer).Cast<ViolationAlleged>().Select(v => v.Flag)
            .ShouldBe(["v-line2", "v-line7"]);
    }

    // ---- same on: recording order, then line order ----

    [Fact]
    public void of_two_amendments_on_the_same_day_in_separate_imports_the_later_recorded_wins()
    {
        var ledger = ImportAt(T1,
                Org(),
                Made("c1", on: "2020-01-01"),
                Amended("c1", "2020-06-01", term: new { until = "2022-01-01" }))   // line 3
            .Then(T2,
                Amended("c1", "2020-06-01", term: new { until = "2023-01-01" }));  // line 1, recorded later

        ledger.Commitment("c1", "2020-06-01").Term.Until.ShouldBe(D("2023-01-01"));
        ledger.StatusOf("c1", "2022-06-01").ShouldBe("in-force");
    }

    [Fact]
    public void of_two_amendments_on_the_same_day_in_separate_imports_the_later_recorded_wins_even_with_the_earlier_until()
    {
        var ledger = ImportAt(T1,
                Org(),
                Made("c1", on: "2020-01-01"),
                Amended("c1", "2020-06-01", term: new { until = "2023-01-01" }))
            .Then(T2,
                Amended("c1", "2020-06-01", term: new { until = "2022-01-01" }));

        ledger.Commitment("c1", "2020-06-01").Term.Until.ShouldBe(D("2022-01-01"));
        ledger.StatusOf("c1", "2022-06-01").ShouldBe("expired");
    }

    [Fact]
    public void of_two_amendments_on_the_same_day_in_one_file_the_later_line_wins()
    {
        var ledger = TestLedger.Import(
            Org(),
            Made("c1", on: "2020-01-01"),
            Amended("c1", "2020-06-01", term: new { until = "2023-01-01" }),
            Amended("c1", "2020-06-01", term: new { until = "2022-01-01" }));

        ledger.Commitment("c1", "2020-06-01").Term.Until.ShouldBe(D("2022-01-01"));
        ledger.StatusOf("c1", "2022-06-01").ShouldBe("expired");
    }

    [Fact]
    public void of_two_amendments_on_the_same_day_in_one_file_the_later_line_wins_even_with_the_earlier_until()
    {
        var ledger = TestLedger.Import(
            Org(),
            Made("c1", on: "2020-01-01"),
            Amended("c1", "2020-06-01", term: new { until = "2022-01-01" }),
            Amended("c1", "2020-06-01", term: new { until = "2023-01-01" }));

        ledger.Commitment("c1", "2020-06-01").Term.Until.ShouldBe(D("2023-01-01"));
        ledger.StatusOf("c1", "2022-06-01").ShouldBe("in-force");
    }

    [Fact]
    public void the_fold_does_not_depend_on_the_order_entries_are_handed_to_it()
    {
        var ledger = ImportAt(T1,
                Org(),
                Made("c1", on: "2020-01-01"),
                Amended("c1", "2020-06-01", term: new { until = "2022-01-01" }))
            .Then(T2,
                Amended("c1", "2020-06-01", term: new { until = "2023-01-01" }));

        var reversed = ledger.Entries.Reverse().ToList();
        var stance = Evaluator.Stance(OrganizationLedger.Of("acme", reversed, DateTimeOffset.MaxValue), D("2022-06-01"));

        stance.Commitments.Single().Term.Until.ShouldBe(D("2023-01-01"));
        stance.Commitments.Single().Status.ShouldBe("in-force");
    }
}
