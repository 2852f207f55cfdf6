using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Importing.ImportAssertions;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// "a conduct `id` already used with other content, or equal to `withdrawn-early` or
/// `deadline-missed`; a `violation.alleged` whose `flag` is `withdrawn-early`, `deadline-missed`, a
/// conduct id that flags the same commitment, or an id already used on that commitment with other content".
/// </summary>
public class FlagIdRulesTests
{
    // ---- conduct ids ----

    [Fact]
    public void a_conduct_id_used_in_the_ledger_with_other_content_is_refused()
    {
        var ledger = Recorded(Org(), Conduct("k-1", "2021-01-01", activity: "sell"));
        TestLedger.Check(ledger, Conduct("k-1", "2021-01-01", activity: "build")).ShouldRefuseOnly(1, "k-1");
    }

    [Fact]
    public void a_conduct_id_used_in_the_ledger_with_the_same_content_is_a_no_op()
    {
        var ledger = Recorded(Org(), Conduct("k-1", "2021-01-01", activity: "sell"));
        var plan = TestLedger.Check(ledger, Conduct("k-1", "2021-01-01", activity: "sell"));
        plan.ShouldBeAccepted(0);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void a_new_conduct_id_is_accepted_beside_one_in_the_ledger()
    {
        var ledger = Recorded(Org(), Conduct("k-1", "2021-01-01", activity: "sell"));
        TestLedger.Check(ledger, Conduct("k-2", "2021-01-01", activity: "build")).ShouldBeAccepted(1);
    }

    [Fact]
    public void a_conduct_id_used_by_another_organization_is_refused()
    {
        var ledger = Recorded(Org("acme"), Org("other"), Conduct("k-1", "2021-01-01", org: "acme"));
        TestLedger.Check(ledger, Conduct("k-1", "2021-01-01", org: "other")).ShouldRefuseOnly(1, "k-1");
    }

    [Fact]
    public void a_conduct_id_used_on_an_earlier_line_with_other_content_is_refused_on_the_later_line()
    {
        TestLedger.Check(null, Org(), Conduct("k-1", "2021-01-01", activity: "sell"), Conduct("k-1", "2021-02-01", activity: "sell"))
            .ShouldRefuseOnly(3, "k-1");
    }

    [Theory]
    [InlineData("withdrawn-early")]
    [InlineData("deadline-missed")]
    public void a_conduct_id_naming_a_rule_flag_is_refused(string id)
    {
        TestLedger.Check(null, Org(), Conduct(id, "2021-01-01")).ShouldRefuseOnly(2, id);
    }

    [Theory]
    [InlineData("withdrawn-earlier")]
    [InlineData("deadline-missed-2")]
    public void a_conduct_id_merely_resembling_a_rule_flag_is_accepted(string id)
    {
        TestLedger.Check(null, Org(), Conduct(id, "2021-01-01")).ShouldBeAccepted(2);
    }

    // ---- violation flags ----

    [Theory]
    [InlineData("withdrawn-early")]
    [InlineData("deadline-missed")]
    public void a_violation_naming_a_rule_flag_is_refused(string flag)
    {
        TestLedger.Check(null, Org(), Made("c1"), Violation("c1", flag, "2021-01-01")).ShouldRefuseOnly(3, flag);
    }

    [Theory]
    [InlineData("withdrawn-early")]
    [InlineData("deadline-missed")]
    public void a_violation_naming_a_rule_flag_is_refused_even_when_that_rule_raised_it(string flag)
    {
        TestLedger.Check(null, Org(), Made("c1", term: new { due = "2020-06-01" }), Withdrawn("c1", "2020-09-01"),
                Violation("c1", flag, "2021-01-01"))
            .ShouldRefuseOnly(4, flag);
    }

    [Fact]
    public void a_violation_with_a_fresh_flag_id_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1"), Violation("c1", "v-1", "2021-01-01")).ShouldBeAccepted(3);
    }

    static readonly object Selling = new { activities = new[] { "sell" } };

    [Fact]
    public void a_violation_whose_flag_is_a_conduct_flagging_the_same_commitment_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", scope: Selling), Conduct("k-1", "2021-01-01", activity: "sell"),
                Violation("c1", "k-1", "2021-02-01"))
            .ShouldRefuseOnly(4, "k-1");
    }

    [Fact]
    public void a_violation_whose_flag_is_a_conduct_on_a_later_line_flagging_the_same_commitment_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1", scope: Selling), Violation("c1", "k-1", "2021-02-01"),
                Conduct("k-1", "2021-01-01", activity: "sell"))
            .ShouldRefuseOnly(3, "k-1");
    }

    [Fact]
    public void a_violation_whose_flag_is_a_conduct_in_the_ledger_flagging_the_same_commitment_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1", scope: Selling), Conduct("k-1", "2021-01-01", activity: "sell"));
        TestLedger.Check(ledger, Violation("c1", "k-1", "2021-02-01")).ShouldRefuseOnly(1, "k-1");
    }

    [Fact]
    public void a_violation_whose_flag_is_a_conduct_that_flags_nothing_on_that_commitment_is_accepted()
    {
        // Outside the scope: the conduct raises no flag on c1.
        TestLedger.Check(null, Org(), Made("c1", scope: Selling), Conduct("k-1", "2021-01-01", activity: "build"),
                Violation("c1", "k-1", "2021-02-01"))
            .ShouldBeAccepted(4);
    }

    [Fact]
    public void a_violation_whose_flag_is_a_conduct_flagging_only_another_commitment_is_accepted()
    {
        var building = new { activities = new[] { "build" } };
        TestLedger.Check(null, Org(), Made("c1", scope: Selling), Made("c2", scope: building),
                Conduct("k-1", "2021-01-01", activity: "build"), Violation("c1", "k-1", "2021-02-01"))
            .ShouldBeAccepted(5);
        TestLedger.Check(null, Org(), Made("c1", scope: Selling), Made("c2", scope: building),
                Conduct("k-1", "2021-01-01", activity: "build"), Violation("c2", "k-1", "2021-02-01"))
            .ShouldRefuseOnly(5, "k-1");
    }

    [Fact]
    public void a_violation_flag_already_used_on_that_commitment_with_other_content_is_refused()
    {
        TestLedger.Check(null, Org(), Made("c1"), Violation("c1", "v-1", "2021-01-01"),
                Violation("c1", "v-1", "2021-02-01", allegation: "Broken again."))
            .ShouldRefuseOnly(4, "v-1");
    }

    [Fact]
    public void a_violation_flag_already_used_in_the_ledger_on_that_commitment_with_other_content_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1"), Violation("c1", "v-1", "2021-01-01"));
        TestLedger.Check(ledger, Violation("c1", "v-1", "2021-02-01", allegation: "Broken again.")).ShouldRefuseOnly(1, "v-1");
    }

    [Fact]
    public void a_violation_flag_already_used_on_that_commitment_with_the_same_content_is_a_no_op()
    {
        var ledger = Recorded(Org(), Made("c1"), Violation("c1", "v-1", "2021-01-01"));
        var plan = TestLedger.Check(ledger, Violation("c1", "v-1", "2021-01-01"));
        plan.ShouldBeAccepted(0);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void a_violation_flag_used_on_another_commitment_is_accepted()
    {
        TestLedger.Check(null, Org(), Made("c1"), Made("c2"), Violation("c1", "v-1", "2021-01-01"),
                Violation("c2", "v-1", "2021-02-01", allegation: "Broken again."))
            .ShouldBeAccepted(5);
    }
}
