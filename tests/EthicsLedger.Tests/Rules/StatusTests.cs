using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>"Status of a commitment as of a date D": the table, row by row, each at its boundary.</summary>
public class StatusTests
{
    // ---- (absent) ----

    [Fact]
    public void a_commitment_is_absent_from_the_stance_the_day_before_it_was_made()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10"));

        ledger.Stance("acme", "2020-06-09").Commitments.ShouldBeEmpty();
        ledger.StatusOf("c1", "2020-06-09").ShouldBeNull();
    }

    [Fact]
    public void a_commitment_is_in_the_stance_on_the_day_it_was_made()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10"));

        ledger.Stance("acme", "2020-06-10").Commitments.Select(c => c.Commitment).ShouldBe(["c1"]);
        ledger.StatusOf("c1", "2020-06-10").ShouldBe("in-force");
    }

    [Fact]
    public void a_commitment_made_later_is_left_out_while_an_earlier_one_is_shown()
    {
        var ledger = TestLedger.Import(Org(), Made("early", on: "2020-01-01"), Made("late", on: "2021-01-01"));

        ledger.Stance("acme", "2020-12-31").Commitments.Select(c => c.Commitment).ShouldBe(["early"]);
        ledger.Stance("acme", "2021-01-01").Commitments.Select(c => c.Commitment).ShouldBe(["early", "late"], ignoreOrder: true);
    }

    [Fact]
    public void a_commitment_announced_with_a_future_start_is_absent_before_the_day_it_was_made()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10", term: new { from = "2021-01-01" }));

        ledger.StatusOf("c1", "2020-06-09").ShouldBeNull();
        ledger.StatusOf("c1", "2020-06-10").ShouldBe("announced");
    }

    [Fact]
    public void a_commitment_with_a_start_before_the_day_it_was_made_is_still_absent_before_that_day()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10", term: new { from = "2020-01-01" }));

        ledger.StatusOf("c1", "2020-03-01").ShouldBeNull();
        ledger.StatusOf("c1", "2020-06-10").ShouldBe("in-force");
    }

    // ---- endings ----

    [Fact]
    public void a_fulfilled_commitment_is_fulfilled_from_the_day_of_the_fulfilment_and_in_force_the_day_before()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", kind: "divestment"), Fulfilled("c1", "2021-03-15"));

        ledger.StatusOf("c1", "2021-03-14").ShouldBe("in-force");
        ledger.StatusOf("c1", "2021-03-15").ShouldBe("fulfilled");
        ledger.StatusOf("c1", "2025-01-01").ShouldBe("fulfilled");
    }

    [Fact]
    public void a_commitment_whose_condition_was_met_is_released_from_that_day_and_in_force_the_day_before()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { condition = "a federal law is in effect" }),
            ConditionMet("c1", "2022-07-01"));

        ledger.StatusOf("c1", "2022-06-30").ShouldBe("in-force");
        ledger.StatusOf("c1", "2022-07-01").ShouldBe("released");
        ledger.StatusOf("c1", "2025-01-01").ShouldBe("released");
    }

    [Fact]
    public void a_withdrawn_commitment_is_withdrawn_from_the_day_of_the_withdrawal_and_in_force_the_day_before()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Withdrawn("c1", "2021-09-30"));

        ledger.StatusOf("c1", "2021-09-29").ShouldBe("in-force");
        ledger.StatusOf("c1", "2021-09-30").ShouldBe("withdrawn");
        ledger.StatusOf("c1", "2025-01-01").ShouldBe("withdrawn");
    }

    [Fact]
    public void a_fulfilment_on_the_day_the_commitment_was_made_ends_it_that_day()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Fulfilled("c1", "2020-01-01"));

        ledger.StatusOf("c1", "2020-01-01").ShouldBe("fulfilled");
    }

    [Fact]
    public void a_condition_met_without_a_condition_in_the_term_still_releases_the_commitment()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), ConditionMet("c1", "2021-01-01"));

        ledger.StatusOf("c1", "2021-01-01").ShouldBe("released");
    }

    // ---- announced ----

    [Fact]
    public void a_commitment_is_announced_the_day_before_its_term_starts()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", term: new { from = "2020-06-01" }));

        ledger.StatusOf("c1", "2020-01-01").ShouldBe("announced");
        ledger.StatusOf("c1", "2020-05-31").ShouldBe("announced");
    }

    [Fact]
    public void a_commitment_is_in_force_on_the_day_its_term_starts()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", term: new { from = "2020-06-01" }));

        ledger.StatusOf("c1", "2020-06-01").ShouldBe("in-force");
    }

    // ---- expired ----

    [Fact]
    public void a_commitment_is_in_force_the_day_before_its_until_because_until_is_exclusive()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }));

        ledger.StatusOf("c1", "2021-06-09").ShouldBe("in-force");
    }

    [Fact]
    public void a_commitment_is_expired_on_its_until_and_after()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }));

        ledger.StatusOf("c1", "2021-06-10").ShouldBe("expired");
        ledger.StatusOf("c1", "2024-01-01").ShouldBe("expired");
    }

    [Fact]
    public void an_expired_commitment_is_still_shown_in_the_stance()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }));

        ledger.Stance("acme", "2024-01-01").Commitments.Single().Commitment.ShouldBe("c1");
    }

    // ---- in-force ----

    [Fact]
    public void an_open_ended_commitment_stays_in_force_for_years()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10"));

        ledger.StatusOf("c1", "2026-11-27").ShouldBe("in-force");
    }

    [Fact]
    public void an_explicitly_open_ended_term_is_in_force()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10", term: new { until = (string?)null }));

        ledger.StatusOf("c1", "2026-11-27").ShouldBe("in-force");
        ledger.Commitment("c1", "2026-11-27").Term.Until.ShouldBeNull();
    }

    // ---- precedence ----

    [Fact]
    public void a_withdrawal_while_announced_makes_it_withdrawn_not_announced()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { from = "2020-06-01" }),
            Withdrawn("c1", "2020-03-01"));

        ledger.StatusOf("c1", "2020-02-29").ShouldBe("announced");
        ledger.StatusOf("c1", "2020-03-01").ShouldBe("withdrawn");
    }

    [Fact]
    public void a_commitment_withdrawn_while_announced_never_comes_into_force_when_its_start_arrives()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { from = "2020-06-01" }),
            Withdrawn("c1", "2020-03-01"));

        ledger.StatusOf("c1", "2020-06-01").ShouldBe("withdrawn");
    }

    [Fact]
    public void a_commitment_fulfilled_before_its_until_is_fulfilled_not_expired_after_the_until()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2021-01-01" }),
            Fulfilled("c1", "2020-06-01"));

        ledger.StatusOf("c1", "2021-01-01").ShouldBe("fulfilled");
        ledger.StatusOf("c1", "2023-01-01").ShouldBe("fulfilled");
    }

    [Fact]
    public void a_commitment_withdrawn_the_day_before_its_until_is_withdrawn_not_expired_on_the_until()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2021-01-01" }),
            Withdrawn("c1", "2020-12-31"));

        ledger.StatusOf("c1", "2021-01-01").ShouldBe("withdrawn");
    }

    [Fact]
    public void a_commitment_released_before_its_until_is_released_not_expired_after_the_until()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2021-01-01", condition = "a law passes" }),
            ConditionMet("c1", "2020-06-01"));

        ledger.StatusOf("c1", "2022-01-01").ShouldBe("released");
    }

    [Fact]
    public void announced_is_decided_before_expired()
    {
        // The import refuses a term whose until is not after its from, so no imported ledger can
        // be both not yet started and past its until; the evaluator still decides "announced" first.
        var entries = new[]
        {
            Stamp(Org(), T1, 1),
            Stamp(Made("c1", on: "2020-01-01", term: new { from = "2020-06-01", until = "2020-03-01" }), T1, 2),
        };

        var stance = Evaluator.Stance(OrganizationLedger.Of("acme", entries, DateTimeOffset.MaxValue), D("2020-04-01"));

        stance.Commitments.Single().Status.ShouldBe("announced");
    }

    // ---- inForce ----

    [Theory]
    [InlineData("2019-12-31")]
    [InlineData("2020-01-01")]
    [InlineData("2020-05-31")]
    [InlineData("2020-06-01")]
    [InlineData("2020-12-31")]
    [InlineData("2021-01-01")]
    [InlineData("2022-06-01")]
    public void in_force_is_true_exactly_when_the_status_is_in_force(string asOf)
    {
        var ledger = TestLedger.Import(Org(),
            Made("announced-then-expires", on: "2020-01-01", term: new { from = "2020-06-01", until = "2021-01-01" }),
            Made("withdrawn-later", on: "2020-01-01"),
            Withdrawn("withdrawn-later", "2021-01-01"),
            Made("fulfilled-soon", on: "2020-01-01", kind: "divestment"),
            Fulfilled("fulfilled-soon", "2020-06-01"));

        foreach (var c in ledger.Stance("acme", asOf).Commitments)
            c.InForce.ShouldBe(c.Status == "in-force", $"{c.Commitment} as of {asOf} is {c.Status}");
    }

    [Fact]
    public void in_force_is_false_while_announced_expired_or_ended_and_true_in_between()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { from = "2020-06-01", until = "2021-01-01" }),
            Made("c2", on: "2020-01-01"),
            Withdrawn("c2", "2020-03-01"));

        ledger.Commitment("c1", "2020-05-31").InForce.ShouldBeFalse();
        ledger.Commitment("c1", "2020-06-01").InForce.ShouldBeTrue();
        ledger.Commitment("c1", "2020-12-31").InForce.ShouldBeTrue();
        ledger.Commitment("c1", "2021-01-01").InForce.ShouldBeFalse();
        ledger.Commitment("c2", "2020-02-29").InForce.ShouldBeTrue();
        ledger.Commitment("c2", "2020-03-01").InForce.ShouldBeFalse();
    }

    // ---- what the stance shows ----

    [Fact]
    public void the_stance_shows_kind_topic_and_the_term_in_effect_on_the_date()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-06-10", kind: "moratorium", topic: "facial-recognition", term: new { until = "2021-06-10" }));

        var c = ledger.Commitment("c1", "2020-07-01");
        c.Kind.ShouldBe("moratorium");
        c.Topic.ShouldBe("facial-recognition");
        c.Org.ShouldBe("acme");
        c.Term.From.ShouldBe(D("2020-06-10"));
        c.Term.Until.ShouldBe(D("2021-06-10"));
    }

    [Fact]
    public void a_stance_on_a_topic_leaves_out_commitments_on_other_topics()
    {
        var ledger = TestLedger.Import(Org(),
            Made("face", on: "2020-01-01", topic: "facial-recognition"),
            Made("arms", on: "2020-01-01", topic: "weapons"));

        ledger.Stance("acme", "2021-01-01", topic: "weapons").Commitments.Select(c => c.Commitment).ShouldBe(["arms"]);
    }

    [Fact]
    public void a_stance_shows_only_the_organizations_own_commitments()
    {
        var ledger = TestLedger.Import(Org("acme"), Org("beta"),
            Made("acme-c", "acme", "2020-01-01"),
            Made("beta-c", "beta", "2020-01-01"));

        ledger.Stance("acme", "2021-01-01").Commitments.Select(c => c.Commitment).ShouldBe(["acme-c"]);
        ledger.Stance("beta", "2021-01-01").Commitments.Select(c => c.Commitment).ShouldBe(["beta-c"]);
    }
}
