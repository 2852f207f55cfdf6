using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>violation: raised by violation.alleged, id = the entry's flag, raised on its on, initially alleged.</summary>
public class ViolationFlagTests
{
    [Fact]
    public void an_allegation_raises_a_violation_flag_named_by_the_entry_alleged_on_its_date()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Violation("c1", "sold-to-police", "2021-04-01"));

        var flag = ledger.FlagsOf("c1", "2021-04-01").ShouldHaveSingleItem();
        flag.Flag.ShouldBe("sold-to-police");
        flag.Kind.ShouldBe("violation");
        flag.State.ShouldBe("alleged");
        flag.RaisedOn.ShouldBe(D("2021-04-01"));
    }

    [Fact]
    public void an_alleged_violation_does_not_make_the_commitment_broken()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Violation("c1", "v1", "2021-04-01"));

        ledger.Commitment("c1", "2021-04-01").Broken.ShouldBeFalse();
        ledger.StatusOf("c1", "2021-04-01").ShouldBe("in-force");
    }

    [Fact]
    public void a_violation_does_not_exist_the_day_before_it_was_alleged()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Violation("c1", "v1", "2021-04-01"));

        ledger.FlagsOf("c1", "2021-03-31").ShouldBeEmpty();
    }

    [Fact]
    public void a_confirmed_violation_makes_the_commitment_broken_from_the_confirmation()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Violation("c1", "v1", "2021-04-01"),
            Confirmed("c1", "v1", "2021-05-01"));

        ledger.Commitment("c1", "2021-04-30").Broken.ShouldBeFalse();
        ledger.Commitment("c1", "2021-05-01").Broken.ShouldBeTrue();
        ledger.FlagOf("c1", "v1", "2021-05-01")!.State.ShouldBe("confirmed");
        ledger.FlagOf("c1", "v1", "2021-05-01")!.RaisedOn.ShouldBe(D("2021-04-01"));
    }

    [Fact]
    public void two_allegations_raise_two_flags()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Violation("c1", "v1", "2021-04-01"),
            Violation("c1", "v2", "2021-06-01"));

        ledger.FlagsOf("c1", "2021-05-01").Select(f => f.Flag).ShouldBe(["v1"]);
        ledger.FlagsOf("c1", "2021-06-01").Select(f => f.Flag).ShouldBe(["v1", "v2"], ignoreOrder: true);
    }

    [Fact]
    public void a_violation_belongs_only_to_its_commitment()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Made("c2", on: "2020-01-01"),
            Violation("c1", "v1", "2021-04-01"));

        ledger.FlagsOf("c2", "2022-01-01").ShouldBeEmpty();
    }

    [Fact]
    public void a_violation_alleged_after_the_commitment_expired_is_still_raised()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2021-01-01" }),
            Violation("c1", "v1", "2022-01-01"));

        ledger.FlagOf("c1", "v1", "2022-01-01")!.RaisedOn.ShouldBe(D("2022-01-01"));
    }

    [Fact]
    public void a_violation_on_the_day_the_commitment_was_made_exists_that_day()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Violation("c1", "v1", "2020-01-01"));

        ledger.FlagOf("c1", "v1", "2020-01-01").ShouldNotBeNull();
    }

    [Fact]
    public void a_violation_recorded_later_but_dated_earlier_exists_from_its_own_date()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"))
            .Then(T2, Violation("c1", "v1", "2020-03-01"));

        ledger.FlagsOf("c1", "2020-02-29").ShouldBeEmpty();
        ledger.FlagOf("c1", "v1", "2020-03-01")!.RaisedOn.ShouldBe(D("2020-03-01"));
    }
}
