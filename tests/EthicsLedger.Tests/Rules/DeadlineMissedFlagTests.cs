using EthicsLedger.Importing;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>
/// deadline-missed: raised on the first date X on which the term in effect has due &lt;= X while the
/// commitment is in force; a fulfilment dated before X is in time; a later amendment of due does
/// not take the flag back. Initially confirmed.
/// </summary>
public class DeadlineMissedFlagTests
{
    const string Flag = "deadline-missed";

    /// <summary>A divestment due 2021-01-01, plus more lines in the same file.</summary>
    static LedgerSnapshot Divestment(params string[] more) => TestLedger.Import(
        [Org(), Made("c1", on: "2020-01-01", kind: "divestment", term: new { due = "2021-01-01" }), .. more]);

    // ---- X is normally due itself ----

    [Fact]
    public void an_unfulfilled_commitment_gets_a_confirmed_deadline_missed_flag_on_its_due_date()
    {
        var ledger = Divestment();

        var flag = ledger.FlagsOf("c1", "2021-01-01").ShouldHaveSingleItem();
        flag.Flag.ShouldBe(Flag);
        flag.Kind.ShouldBe(Flag);
        flag.RaisedOn.ShouldBe(D("2021-01-01"));
        flag.State.ShouldBe("confirmed");
        ledger.Commitment("c1", "2021-01-01").Broken.ShouldBeTrue();
    }

    [Fact]
    public void there_is_no_deadline_missed_flag_the_day_before_due()
    {
        var ledger = Divestment();

        ledger.FlagsOf("c1", "2020-12-31").ShouldBeEmpty();
        ledger.Commitment("c1", "2020-12-31").Broken.ShouldBeFalse();
    }

    [Fact]
    public void a_missed_deadline_stays_flagged_years_later_with_its_original_date()
    {
        var ledger = Divestment();

        ledger.FlagOf("c1", Flag, "2025-06-01")!.RaisedOn.ShouldBe(D("2021-01-01"));
    }

    [Fact]
    public void a_due_on_the_day_the_commitment_was_made_is_missed_that_day()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", kind: "divestment", term: new { due = "2020-01-01" }));

        ledger.FlagOf("c1", Flag, "2020-01-01")!.RaisedOn.ShouldBe(D("2020-01-01"));
    }

    // ---- fulfilment ----

    [Fact]
    public void a_fulfilment_the_day_before_due_is_in_time()
    {
        var ledger = Divestment(Fulfilled("c1", "2020-12-31"));

        ledger.FlagsOf("c1", "2025-01-01").ShouldBeEmpty();
        ledger.Commitment("c1", "2025-01-01").Broken.ShouldBeFalse();
    }

    [Fact]
    public void a_fulfilment_on_the_due_date_is_in_time_because_the_commitment_is_fulfilled_that_day()
    {
        var ledger = Divestment(Fulfilled("c1", "2021-01-01"));

        ledger.StatusOf("c1", "2021-01-01").ShouldBe("fulfilled");
        ledger.FlagsOf("c1", "2021-01-01").ShouldBeEmpty();
        ledger.FlagsOf("c1", "2025-01-01").ShouldBeEmpty();
        ledger.Commitment("c1", "2025-01-01").Broken.ShouldBeFalse();
    }

    [Fact]
    public void a_fulfilment_after_due_does_not_take_the_flag_back()
    {
        var ledger = Divestment(Fulfilled("c1", "2021-03-01"));

        ledger.StatusOf("c1", "2021-03-01").ShouldBe("fulfilled");
        ledger.FlagOf("c1", Flag, "2021-03-01")!.RaisedOn.ShouldBe(D("2021-01-01"));
        ledger.Commitment("c1", "2025-01-01").Broken.ShouldBeTrue();
    }

    // ---- not in force on due ----

    [Fact]
    public void a_commitment_that_expires_before_its_due_misses_no_deadline()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", kind: "divestment", term: new { until = "2020-12-01", due = "2021-01-01" }));

        ledger.StatusOf("c1", "2021-01-01").ShouldBe("expired");
        ledger.FlagsOf("c1", "2025-01-01").ShouldBeEmpty();
    }

    [Fact]
    public void a_commitment_withdrawn_before_due_has_only_the_withdrawn_early_flag()
    {
        var ledger = Divestment(Withdrawn("c1", "2020-06-01"));

        ledger.FlagsOf("c1", "2025-01-01").Select(f => f.Flag).ShouldBe(["withdrawn-early"]);
    }

    [Fact]
    public void a_commitment_released_before_due_misses_no_deadline()
    {
        var ledger = Divestment(ConditionMet("c1", "2020-06-01"));

        ledger.FlagsOf("c1", "2025-01-01").ShouldBeEmpty();
    }

    [Fact]
    public void a_commitment_withdrawn_after_due_has_both_flags()
    {
        var ledger = Divestment(Withdrawn("c1", "2021-06-01"));

        ledger.FlagsOf("c1", "2025-01-01").Select(f => f.Flag).ShouldBe([Flag, "withdrawn-early"], ignoreOrder: true);
        ledger.FlagOf("c1", Flag, "2025-01-01")!.RaisedOn.ShouldBe(D("2021-01-01"));
    }

    [Fact]
    public void a_due_on_the_start_date_in_the_future_is_missed_when_the_commitment_comes_into_force()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", kind: "divestment", term: new { from = "2020-06-01", due = "2020-06-01" }));

        ledger.FlagsOf("c1", "2020-05-31").ShouldBeEmpty();
        ledger.FlagOf("c1", Flag, "2020-06-01")!.RaisedOn.ShouldBe(D("2020-06-01"));
    }

    [Fact]
    public void a_due_reached_while_announced_is_missed_on_the_day_the_commitment_comes_into_force()
    {
        // The import refuses due before from, so this is built directly: the rule still says the
        // first day in force with due on or before it, which is the start date.
        var entries = new[]
        {
            Stamp(Org(), T1, 1),
            Stamp(Made("c1", on: "2020-01-01", kind: "divestment", term: new { from = "2020-06-01", due = "2020-03-01" }), T1, 2),
        };
        var org = OrganizationLedger.Of("acme", entries, DateTimeOffset.MaxValue);

        Evaluator.Stance(org, D("2020-05-31")).Commitments.Single().Flags.ShouldBeEmpty();
        Evaluator.Stance(org, D("2020-06-01")).Commitments.Single().Flags.ShouldHaveSingleItem().RaisedOn.ShouldBe(D("2020-06-01"));
    }

    [Fact]
    public void a_due_before_the_day_made_with_a_backdated_start_is_missed_on_the_day_made()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-06-10", kind: "divestment", term: new { from = "2020-01-01", due = "2020-03-01" }));

        ledger.FlagOf("c1", Flag, "2020-06-10")!.RaisedOn.ShouldBe(D("2020-06-10"));
    }

    [Fact]
    public void a_due_that_passed_while_expired_is_missed_on_the_day_an_amendment_puts_it_back_in_force()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", kind: "divestment", term: new { until = "2021-01-01", due = "2021-06-01" }),
            Amended("c1", "2021-09-01", term: new { until = (string?)null }));

        ledger.FlagsOf("c1", "2021-08-31").ShouldBeEmpty();
        ledger.FlagOf("c1", Flag, "2021-09-01")!.RaisedOn.ShouldBe(D("2021-09-01"));
    }

    // ---- amendments of due ----

    [Fact]
    public void an_amendment_moving_due_later_after_the_deadline_was_missed_does_not_take_the_flag_back()
    {
        var ledger = Divestment(Amended("c1", "2021-03-01", term: new { due = "2022-01-01" }));

        ledger.Commitment("c1", "2021-03-01").Term.Due.ShouldBe(D("2022-01-01"));
        var flag = ledger.FlagsOf("c1", "2021-06-01").ShouldHaveSingleItem();
        flag.RaisedOn.ShouldBe(D("2021-01-01"));
        ledger.FlagsOf("c1", "2023-01-01").ShouldHaveSingleItem().RaisedOn.ShouldBe(D("2021-01-01"));
        ledger.Commitment("c1", "2021-06-01").Broken.ShouldBeTrue();
    }

    [Fact]
    public void an_amendment_moving_due_later_before_the_old_due_moves_the_deadline()
    {
        var ledger = Divestment(Amended("c1", "2020-10-01", term: new { due = "2022-01-01" }));

        ledger.FlagsOf("c1", "2021-12-31").ShouldBeEmpty();
        ledger.FlagOf("c1", Flag, "2022-01-01")!.RaisedOn.ShouldBe(D("2022-01-01"));
    }

    [Fact]
    public void an_amendment_moving_due_earlier_than_its_own_date_raises_the_flag_on_the_amendment_date()
    {
        var ledger = Divestment(Amended("c1", "2020-08-01", term: new { due = "2020-07-01" }));

        ledger.FlagsOf("c1", "2020-07-31").ShouldBeEmpty();
        ledger.FlagOf("c1", Flag, "2020-08-01")!.RaisedOn.ShouldBe(D("2020-08-01"));
    }

    [Fact]
    public void an_amendment_moving_due_earlier_but_still_ahead_raises_the_flag_on_the_new_due()
    {
        var ledger = Divestment(Amended("c1", "2020-08-01", term: new { due = "2020-10-01" }));

        ledger.FlagsOf("c1", "2020-09-30").ShouldBeEmpty();
        ledger.FlagOf("c1", Flag, "2020-10-01")!.RaisedOn.ShouldBe(D("2020-10-01"));
    }

    [Fact]
    public void an_amendment_clearing_due_before_it_passes_means_no_deadline_is_missed()
    {
        var ledger = Divestment(Amended("c1", "2020-12-31", term: new { due = (string?)null }));

        ledger.FlagsOf("c1", "2025-01-01").ShouldBeEmpty();
    }

    [Fact]
    public void a_due_added_by_an_amendment_is_enforced()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", kind: "divestment"),
            Amended("c1", "2020-06-01", term: new { due = "2021-01-01" }));

        ledger.FlagsOf("c1", "2020-12-31").ShouldBeEmpty();
        ledger.FlagOf("c1", Flag, "2021-01-01")!.RaisedOn.ShouldBe(D("2021-01-01"));
    }

    // ---- findings ----

    [Fact]
    public void dismissing_the_deadline_missed_flag_makes_the_commitment_unbroken()
    {
        var ledger = Divestment(Dismissed("c1", Flag, "2021-02-01"));

        ledger.Commitment("c1", "2021-01-31").Broken.ShouldBeTrue();
        ledger.Commitment("c1", "2021-02-01").Broken.ShouldBeFalse();
        ledger.FlagOf("c1", Flag, "2021-02-01")!.State.ShouldBe("dismissed");
    }

    [Fact]
    public void a_commitment_without_due_never_misses_a_deadline()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", kind: "divestment"));

        ledger.FlagsOf("c1", "2026-11-27").ShouldBeEmpty();
    }
}
