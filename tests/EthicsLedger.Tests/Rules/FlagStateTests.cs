using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>
/// A flag exists as of D only if raisedOn &lt;= D; its state is the latest flag.confirmed /
/// flag.dismissed for it with on &lt;= D (in fold order), else its initial state.
/// </summary>
public class FlagStateTests
{
    static readonly string[] Alleged = [Org(), Made("c1", on: "2020-01-01"), Violation("c1", "v1", "2021-01-01")];

    [Fact]
    public void a_flag_is_in_its_initial_state_until_a_finding()
    {
        var ledger = TestLedger.Import([.. Alleged, Confirmed("c1", "v1", "2021-03-01")]);

        ledger.FlagOf("c1", "v1", "2021-01-01")!.State.ShouldBe("alleged");
        ledger.FlagOf("c1", "v1", "2021-02-28")!.State.ShouldBe("alleged");
    }

    [Fact]
    public void a_confirmation_sets_the_state_from_its_own_date()
    {
        var ledger = TestLedger.Import([.. Alleged, Confirmed("c1", "v1", "2021-03-01")]);

        ledger.FlagOf("c1", "v1", "2021-03-01")!.State.ShouldBe("confirmed");
    }

    [Fact]
    public void a_flag_confirmed_then_dismissed_is_confirmed_in_between_and_dismissed_after()
    {
        var ledger = TestLedger.Import([.. Alleged, Confirmed("c1", "v1", "2021-03-01"), Dismissed("c1", "v1", "2021-09-01")]);

        ledger.FlagOf("c1", "v1", "2021-02-28")!.State.ShouldBe("alleged");
        ledger.FlagOf("c1", "v1", "2021-03-01")!.State.ShouldBe("confirmed");
        ledger.FlagOf("c1", "v1", "2021-08-31")!.State.ShouldBe("confirmed");
        ledger.FlagOf("c1", "v1", "2021-09-01")!.State.ShouldBe("dismissed");
        ledger.FlagOf("c1", "v1", "2025-01-01")!.State.ShouldBe("dismissed");
    }

    [Fact]
    public void a_flag_dismissed_then_confirmed_is_confirmed_after()
    {
        var ledger = TestLedger.Import([.. Alleged, Dismissed("c1", "v1", "2021-03-01"), Confirmed("c1", "v1", "2021-09-01")]);

        ledger.FlagOf("c1", "v1", "2021-08-31")!.State.ShouldBe("dismissed");
        ledger.FlagOf("c1", "v1", "2021-09-01")!.State.ShouldBe("confirmed");
    }

    [Fact]
    public void a_finding_on_the_day_the_flag_was_raised_counts_that_day()
    {
        var ledger = TestLedger.Import([.. Alleged, Dismissed("c1", "v1", "2021-01-01")]);

        ledger.FlagOf("c1", "v1", "2021-01-01")!.State.ShouldBe("dismissed");
    }

    [Fact]
    public void findings_written_in_a_file_out_of_date_order_are_folded_by_date()
    {
        var ledger = TestLedger.Import([.. Alleged, Dismissed("c1", "v1", "2021-09-01"), Confirmed("c1", "v1", "2021-03-01")]);

        ledger.FlagOf("c1", "v1", "2021-06-01")!.State.ShouldBe("confirmed");
        ledger.FlagOf("c1", "v1", "2021-09-01")!.State.ShouldBe("dismissed");
    }

    [Fact]
    public void an_earlier_dated_finding_recorded_later_does_not_override_a_later_dated_one()
    {
        var ledger = ImportAt(T1, [.. Alleged, Confirmed("c1", "v1", "2022-01-01")])
            .Then(T2, Dismissed("c1", "v1", "2021-06-01"));

        ledger.FlagOf("c1", "v1", "2021-06-01")!.State.ShouldBe("dismissed");
        ledger.FlagOf("c1", "v1", "2022-01-01")!.State.ShouldBe("confirmed");
    }

    [Fact]
    public void of_two_findings_on_the_same_day_in_one_file_the_later_line_wins()
    {
        var confirmedLast = TestLedger.Import([.. Alleged, Dismissed("c1", "v1", "2021-03-01"), Confirmed("c1", "v1", "2021-03-01")]);
        var dismissedLast = TestLedger.Import([.. Alleged, Confirmed("c1", "v1", "2021-03-01"), Dismissed("c1", "v1", "2021-03-01")]);

        confirmedLast.FlagOf("c1", "v1", "2021-03-01")!.State.ShouldBe("confirmed");
        dismissedLast.FlagOf("c1", "v1", "2021-03-01")!.State.ShouldBe("dismissed");
    }

    [Fact]
    public void of_two_findings_on_the_same_day_in_separate_imports_the_later_recorded_wins()
    {
        // The first import's finding sits on a later line than the second import's, so line order alone would pick it.
        var ledger = ImportAt(T1, [.. Alleged, Confirmed("c1", "v1", "2021-03-01")])
            .Then(T2, Dismissed("c1", "v1", "2021-03-01"));

        ledger.FlagOf("c1", "v1", "2021-03-01")!.State.ShouldBe("dismissed");
    }

    [Fact]
    public void a_finding_on_one_flag_leaves_another_flag_in_its_state()
    {
        var ledger = TestLedger.Import([.. Alleged, Violation("c1", "v2", "2021-01-01"), Confirmed("c1", "v1", "2021-03-01")]);

        ledger.FlagOf("c1", "v2", "2021-06-01")!.State.ShouldBe("alleged");
    }

    [Fact]
    public void a_finding_with_the_same_flag_id_on_another_commitment_does_not_touch_this_one()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Made("c2", on: "2020-01-01"),
            Violation("c1", "v1", "2021-01-01"),
            Violation("c2", "v1", "2021-01-01"),
            Confirmed("c2", "v1", "2021-03-01"));

        ledger.FlagOf("c1", "v1", "2021-06-01")!.State.ShouldBe("alleged");
        ledger.FlagOf("c2", "v1", "2021-06-01")!.State.ShouldBe("confirmed");
    }

    [Fact]
    public void a_flag_raised_after_the_date_is_not_listed_even_when_other_flags_are()
    {
        var ledger = TestLedger.Import([.. Alleged, Violation("c1", "v2", "2022-01-01")]);

        ledger.FlagsOf("c1", "2021-12-31").Select(f => f.Flag).ShouldBe(["v1"]);
    }

    [Fact]
    public void a_confirmed_initial_state_can_be_dismissed_and_reconfirmed()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Withdrawn("c1", "2021-01-01"),
            Dismissed("c1", "withdrawn-early", "2021-02-01"),
            Confirmed("c1", "withdrawn-early", "2021-03-01"));

        ledger.FlagOf("c1", "withdrawn-early", "2021-01-31")!.State.ShouldBe("confirmed");
        ledger.FlagOf("c1", "withdrawn-early", "2021-02-01")!.State.ShouldBe("dismissed");
        ledger.FlagOf("c1", "withdrawn-early", "2021-03-01")!.State.ShouldBe("confirmed");
    }
}
