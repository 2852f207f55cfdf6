using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Importing.ImportAssertions;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// "an ending entry for a commitment that is neither `announced` nor `in-force` on its date (with
/// the term in effect on that date, and only the endings before it in fold order): so a second
/// ending, or an ending after expiry, is wrong; an amendment dated after an ending".
/// </summary>
public class EndingRulesTests
{
    public static TheoryData<string> EndingTypes => ["commitment.condition-met", "commitment.fulfilled", "commitment.withdrawn"];

    static string End(string type, string commitment, string on) => Ending(type, commitment, on);

    [Theory]
    [MemberData(nameof(EndingTypes))]
    public void an_ending_while_in_force_is_accepted(string type)
    {
        TestLedger.Check(null, Org(), Made("c1"), End(type, "c1", "2021-01-01")).ShouldBeAccepted(3);
    }

    [Theory]
    [MemberData(nameof(EndingTypes))]
    public void an_ending_while_announced_is_accepted(string type)
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2020-01-01", term: new { from = "2022-01-01" }), End(type, "c1", "2021-01-01"))
            .ShouldBeAccepted(3);
    }

    [Theory]
    [MemberData(nameof(EndingTypes))]
    public void an_ending_on_or_after_the_until_is_refused(string type)
    {
        TestLedger.Check(null, Org(), Made("c1", term: new { until = "2021-01-01" }), End(type, "c1", "2021-01-01"))
            .ShouldRefuseOnly(3, "c1", "2021-01-01");
        TestLedger.Check(null, Org(), Made("c1", term: new { until = "2021-01-01" }), End(type, "c1", "2021-06-01"))
            .ShouldRefuseOnly(3, "c1", "2021-06-01");
    }

    [Theory]
    [MemberData(nameof(EndingTypes))]
    public void an_ending_the_day_before_the_until_is_accepted(string type)
    {
        TestLedger.Check(null, Org(), Made("c1", term: new { until = "2021-01-01" }), End(type, "c1", "2020-12-31"))
            .ShouldBeAccepted(3);
    }

    [Theory]
    [MemberData(nameof(EndingTypes))]
    public void a_second_ending_is_refused(string type)
    {
        TestLedger.Check(null, Org(), Made("c1"), Withdrawn("c1", "2021-01-01"), End(type, "c1", "2021-06-01"))
            .ShouldRefuseOnly(4, "c1", "2021-06-01");
    }

    [Theory]
    [MemberData(nameof(EndingTypes))]
    public void a_second_ending_after_one_in_the_ledger_is_refused(string type)
    {
        var ledger = Recorded(Org(), Made("c1"), Fulfilled("c1", "2021-01-01"));
        TestLedger.Check(ledger, End(type, "c1", "2021-06-01")).ShouldRefuseOnly(1, "c1", "2021-06-01");
    }

    [Fact]
    public void of_two_endings_in_one_file_the_later_in_fold_order_is_refused_whatever_the_line_order()
    {
        // The withdrawal is on the earlier line but dated later: it is the second ending.
        TestLedger.Check(null, Org(), Made("c1"), Withdrawn("c1", "2022-01-01"), Fulfilled("c1", "2021-01-01"))
            .ShouldRefuseOnly(3, "c1", "2022-01-01");
    }

    [Fact]
    public void of_two_endings_on_the_same_date_in_one_file_the_later_line_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1"), Fulfilled("c1", "2021-01-01"), Withdrawn("c1", "2021-01-01"))
            .ShouldRefuseOnly(4, "c1");
    }

    [Fact]
    public void an_ending_is_judged_with_the_term_in_effect_on_its_date()
    {
        // Open-ended when made; from 2021-01-01 it runs until 2021-02-01.
        TestLedger.Check(null, Org(), Made("c1"), Amended("c1", "2021-01-01", term: new { until = "2021-02-01" }), Withdrawn("c1", "2021-03-01"))
            .ShouldRefuseOnly(4, "c1", "2021-03-01");

        // Expired on 2021-01-01, back in force from the amendment of 2021-03-01.
        string[] background = [Org(), Made("c1", term: new { until = "2021-01-01" }), Amended("c1", "2021-03-01", term: new { until = (string?)null })];
        TestLedger.Check(null, [.. background, Withdrawn("c1", "2021-04-01")]).ShouldBeAccepted(4);
        // Withdrawn while expired (and the amendment then comes after an ending, too).
        var plan = TestLedger.Check(null, [.. background, Withdrawn("c1", "2021-02-01")]);
        plan.ShouldRefuseLines(3, 4);
        plan.ShouldMention(4, "c1", "2021-02-01");
    }

    [Fact]
    public void an_ending_of_a_commitment_not_yet_made_on_its_date_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", on: "2021-01-01"), Withdrawn("c1", "2020-12-31")).ShouldRefuseOnly(3, "2020-12-31");
    }

    [Fact]
    public void an_amendment_dated_after_an_ending_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1"), Withdrawn("c1", "2021-01-01"), Amended("c1", "2021-02-01", statement: "Later."))
            .ShouldRefuseOnly(4, "c1");
    }

    [Fact]
    public void an_amendment_dated_before_an_ending_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1"), Withdrawn("c1", "2021-01-01"), Amended("c1", "2020-12-31", statement: "Earlier."))
            .ShouldBeAccepted(4);
    }

    [Fact]
    public void an_amendment_dated_the_day_of_an_ending_is_not_dated_after_it()
    {
        // The contract refuses "an amendment dated AFTER an ending"; on the same date it is not after.
        TestLedger.Check(null, Org(), Made("c1"), Withdrawn("c1", "2021-01-01"), Amended("c1", "2021-01-01", statement: "Same day."))
            .ShouldBeAccepted(4);
    }

    [Fact]
    public void an_amendment_dated_after_an_ending_in_the_ledger_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1"), ConditionMet("c1", "2021-01-01"));

        TestLedger.Check(ledger, Amended("c1", "2021-02-01", statement: "Later.")).ShouldRefuseOnly(1, "c1");
        TestLedger.Check(ledger, Amended("c1", "2020-12-31", statement: "Earlier.")).ShouldBeAccepted(1);
    }

    [Fact]
    public void a_fulfilled_without_a_due_is_allowed()
    {
        TestLedger.Check(null, Org(), Made("c1", kind: "divestment"), Fulfilled("c1", "2021-01-01")).ShouldBeAccepted(3);
    }

    [Fact]
    public void a_condition_met_without_a_condition_is_allowed()
    {
        TestLedger.Check(null, Org(), Made("c1"), ConditionMet("c1", "2021-01-01")).ShouldBeAccepted(3);
    }
}
