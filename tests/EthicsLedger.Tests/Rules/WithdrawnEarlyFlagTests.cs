using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>withdrawn-early: raised by commitment.withdrawn on its date, initially confirmed.</summary>
public class WithdrawnEarlyFlagTests
{
    [Fact]
    public void a_withdrawal_raises_a_withdrawn_early_flag_on_the_withdrawal_date_confirmed()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Withdrawn("c1", "2021-09-30"));

        var flag = ledger.FlagsOf("c1", "2021-09-30").ShouldHaveSingleItem();
        flag.Flag.ShouldBe("withdrawn-early");
        flag.Kind.ShouldBe("withdrawn-early");
        flag.RaisedOn.ShouldBe(D("2021-09-30"));
        flag.State.ShouldBe("confirmed");
    }

    [Fact]
    public void a_withdrawn_commitment_is_broken_from_the_withdrawal_date()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Withdrawn("c1", "2021-09-30"));

        ledger.Commitment("c1", "2021-09-30").Broken.ShouldBeTrue();
        ledger.Commitment("c1", "2025-01-01").Broken.ShouldBeTrue();
    }

    [Fact]
    public void there_is_no_withdrawn_early_flag_the_day_before_the_withdrawal()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Withdrawn("c1", "2021-09-30"));

        ledger.FlagsOf("c1", "2021-09-29").ShouldBeEmpty();
        ledger.Commitment("c1", "2021-09-29").Broken.ShouldBeFalse();
    }

    [Fact]
    public void a_withdrawal_while_announced_also_raises_withdrawn_early()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { from = "2020-06-01" }),
            Withdrawn("c1", "2020-03-01"));

        var flag = ledger.FlagOf("c1", "withdrawn-early", "2020-03-01");
        flag.ShouldNotBeNull();
        flag.RaisedOn.ShouldBe(D("2020-03-01"));
        ledger.Commitment("c1", "2020-03-01").Broken.ShouldBeTrue();
    }

    [Fact]
    public void a_withdrawal_on_the_day_the_commitment_was_made_raises_withdrawn_early_that_day()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Withdrawn("c1", "2020-01-01"));

        ledger.FlagOf("c1", "withdrawn-early", "2020-01-01").ShouldNotBeNull();
    }

    [Fact]
    public void a_fulfilment_raises_no_flag_and_leaves_the_commitment_unbroken()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", kind: "divestment"), Fulfilled("c1", "2021-01-01"));

        ledger.FlagsOf("c1", "2025-01-01").ShouldBeEmpty();
        ledger.Commitment("c1", "2025-01-01").Broken.ShouldBeFalse();
    }

    [Fact]
    public void a_met_condition_raises_no_flag_and_leaves_the_commitment_unbroken()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { condition = "a law passes" }),
            ConditionMet("c1", "2021-01-01"));

        ledger.FlagsOf("c1", "2025-01-01").ShouldBeEmpty();
        ledger.Commitment("c1", "2025-01-01").Broken.ShouldBeFalse();
    }

    [Fact]
    public void expiry_raises_no_flag()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01", term: new { until = "2021-01-01" }));

        ledger.FlagsOf("c1", "2025-01-01").ShouldBeEmpty();
        ledger.Commitment("c1", "2025-01-01").Broken.ShouldBeFalse();
    }

    [Fact]
    public void dismissing_the_withdrawn_early_flag_makes_the_commitment_unbroken_from_the_dismissal()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Withdrawn("c1", "2021-01-01"),
            Dismissed("c1", "withdrawn-early", "2021-03-01"));

        ledger.Commitment("c1", "2021-02-28").Broken.ShouldBeTrue();
        ledger.FlagOf("c1", "withdrawn-early", "2021-02-28")!.State.ShouldBe("confirmed");

        ledger.Commitment("c1", "2021-03-01").Broken.ShouldBeFalse();
        ledger.FlagOf("c1", "withdrawn-early", "2021-03-01")!.State.ShouldBe("dismissed");
        ledger.StatusOf("c1", "2021-03-01").ShouldBe("withdrawn");
    }

    [Fact]
    public void a_withdrawal_of_one_commitment_does_not_flag_another()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Made("c2", on: "2020-01-01"),
            Withdrawn("c1", "2021-01-01"));

        ledger.FlagsOf("c2", "2022-01-01").ShouldBeEmpty();
        ledger.Commitment("c2", "2022-01-01").Broken.ShouldBeFalse();
    }
}
