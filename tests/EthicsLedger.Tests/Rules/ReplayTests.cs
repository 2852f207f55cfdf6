using EthicsLedger.Importing;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>
/// Replay walks a stance through time with the same evaluator: a stance changes on entry dates and
/// also on dates the terms name (an until passing, a deadline passing) with no entry at all.
/// </summary>
public class ReplayTests
{
    static readonly DateOnly Today = D("2026-11-27");

    static IReadOnlyList<ReplayStep> ReplayOf(LedgerSnapshot ledger, string? topic = null) =>
        Replay.Of(ledger.Organization("acme"), Today, topic);

    [Fact]
    public void replay_stops_on_the_until_date_where_no_entry_falls_and_shows_the_expiry()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }));

        var step = ReplayOf(ledger).Single(s => s.On == D("2021-06-10"));

        step.Entries.ShouldBeEmpty();
        step.Changes.ShouldNotBeEmpty();
        step.Stance.Commitments.Single().Status.ShouldBe("expired");
    }

    [Fact]
    public void replay_stops_on_the_due_date_and_shows_the_missed_deadline()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", kind: "divestment", term: new { due = "2021-01-01" }));

        var step = ReplayOf(ledger).Single(s => s.On == D("2021-01-01"));

        step.Changes.ShouldNotBeEmpty();
        step.Stance.Commitments.Single().Flags.Single().Kind.ShouldBe("deadline-missed");
    }

    [Fact]
    public void replay_stops_on_a_future_start_date_and_shows_the_commitment_coming_into_force()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", term: new { from = "2020-06-01" }));

        var steps = ReplayOf(ledger);

        steps.Single(s => s.On == D("2020-01-01")).Stance.Commitments.Single().Status.ShouldBe("announced");
        steps.Single(s => s.On == D("2020-06-01")).Stance.Commitments.Single().Status.ShouldBe("in-force");
    }

    [Fact]
    public void every_replay_step_shows_the_stance_the_evaluator_gives_for_that_date()
    {
        var ledger = ImportAt(T1,
                Org(),
                Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }),
                Made("c2", on: "2020-01-01", kind: "divestment", term: new { due = "2021-01-01" }),
                Conduct("k1", "2020-07-01"),
                Violation("c1", "v1", "2020-08-01"))
            .Then(T2,
                Amended("c1", "2021-09-01", term: new { until = (string?)null }),
                Confirmed("c1", "v1", "2020-09-01"),
                Withdrawn("c2", "2021-03-01"));

        var steps = ReplayOf(ledger);

        steps.ShouldNotBeEmpty();
        foreach (var step in steps)
            Canon(step.Stance).ShouldBe(Canon(ledger.Stance("acme", step.On.ToString("yyyy-MM-dd"))), $"on {step.On:yyyy-MM-dd}");
    }

    [Fact]
    public void replay_steps_are_in_date_order_and_place_a_late_recorded_fact_in_its_year()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"), Violation("c1", "v1", "2022-01-01"))
            .Then(T2, Violation("c1", "v0", "2021-01-01"));

        var steps = ReplayOf(ledger);

        steps.Select(s => s.On).ShouldBe(steps.Select(s => s.On).Order().ToList());
        steps.Select(s => s.On).ShouldBe([D("2020-01-01"), D("2021-01-01"), D("2022-01-01")]);
    }

    [Fact]
    public void replay_shows_each_entry_on_its_own_day()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Violation("c1", "v1", "2021-01-01"));

        var step = ReplayOf(ledger).Single(s => s.On == D("2021-01-01"));

        step.Entries.ShouldHaveSingleItem().Type.ShouldBe("violation.alleged");
    }

    [Fact]
    public void replay_goes_no_further_than_today()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", term: new { until = "2030-01-01" }));

        var steps = Replay.Of(ledger.Organization("acme"), D("2025-01-01"));

        steps.ShouldAllBe(s => s.On <= D("2025-01-01"));
    }

    [Fact]
    public void replay_on_a_topic_leaves_out_other_topics()
    {
        var ledger = TestLedger.Import(Org(),
            Made("face", on: "2020-01-01", topic: "facial-recognition"),
            Made("arms", on: "2021-01-01", topic: "weapons"));

        var steps = ReplayOf(ledger, topic: "facial-recognition");

        steps.Select(s => s.On).ShouldBe([D("2020-01-01")]);
        steps.ShouldAllBe(s => s.Stance.Commitments.All(c => c.Topic == "facial-recognition"));
    }
}
