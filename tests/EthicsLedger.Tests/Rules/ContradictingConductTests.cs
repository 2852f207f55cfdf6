using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>
/// contradicting-conduct: a conduct.observed matches a commitment when, on the conduct's date, it is
/// the same org and topic, the commitment is in force, and activity, counterparty and region fall
/// in the scope then in effect, with the counterparty not excepted.
/// </summary>
public class ContradictingConductTests
{
    /// <summary>Microsoft's June 2020 stance: no selling to US police.</summary>
    static readonly object PoliceSales = new { activities = new[] { "sell" }, counterparties = new[] { "us-police" } };

    static LedgerSnapshot With(object? scope, params string[] more) =>
        TestLedger.Import([Org(), Org("beta"), Made("c1", on: "2020-06-10", scope: scope), .. more]);

    static string[] FlagIds(LedgerSnapshot ledger, string asOf = "2025-01-01") =>
        ledger.FlagsOf("c1", asOf).Select(f => f.Flag).ToArray();

    // ---- the flag ----

    [Fact]
    public void a_matching_conduct_raises_an_alleged_flag_named_by_the_conduct_on_its_date()
    {
        var ledger = With(PoliceSales, Conduct("sale-2021", "2021-03-01", activity: "sell", counterparty: "us-police"));

        var flag = ledger.FlagsOf("c1", "2021-03-01").ShouldHaveSingleItem();
        flag.Flag.ShouldBe("sale-2021");
        flag.Kind.ShouldBe("contradicting-conduct");
        flag.State.ShouldBe("alleged");
        flag.RaisedOn.ShouldBe(D("2021-03-01"));
        ledger.Commitment("c1", "2021-03-01").Broken.ShouldBeFalse();
    }

    [Fact]
    public void a_conduct_flag_does_not_exist_the_day_before_the_conduct()
    {
        var ledger = With(PoliceSales, Conduct("k1", "2021-03-01", counterparty: "us-police"));

        ledger.FlagsOf("c1", "2021-02-28").ShouldBeEmpty();
    }

    [Fact]
    public void a_confirmed_conduct_flag_makes_the_commitment_broken()
    {
        var ledger = With(PoliceSales,
            Conduct("k1", "2021-03-01", counterparty: "us-police"),
            Confirmed("c1", "k1", "2021-04-01"));

        ledger.Commitment("c1", "2021-03-31").Broken.ShouldBeFalse();
        ledger.Commitment("c1", "2021-04-01").Broken.ShouldBeTrue();
    }

    // ---- org and topic ----

    [Fact]
    public void conduct_by_another_organization_does_not_match()
    {
        var ledger = With(null, Conduct("k1", "2021-03-01", org: "beta"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void conduct_on_another_topic_does_not_match()
    {
        var ledger = With(null, Conduct("k1", "2021-03-01", topic: "weapons"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void a_commitment_is_not_contradicted_by_another_organizations_conduct_even_when_handed_it()
    {
        var timeline = new CommitmentTimeline([(CommitmentEntry)Stamp(Made("c1", on: "2020-01-01"), T1, 1)]);
        var theirs = (ConductObserved)Stamp(Conduct("k-theirs", "2021-01-01", org: "beta"), T1, 2, org: "beta");
        var ours = (ConductObserved)Stamp(Conduct("k-ours", "2021-01-01"), T1, 3);

        timeline.IsContradictedBy(theirs).ShouldBeFalse();
        timeline.IsContradictedBy(ours).ShouldBeTrue();
        timeline.FlagsAsOf(D("2021-06-01"), [theirs, ours]).Select(f => f.Flag).ShouldBe(["k-ours"]);
    }

    // ---- activity ----

    [Fact]
    public void an_activity_in_the_scope_matches()
    {
        var ledger = With(new { activities = new[] { "sell", "license" } }, Conduct("k1", "2021-03-01", activity: "license"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    [Fact]
    public void an_activity_outside_the_scope_does_not_match()
    {
        var ledger = With(new { activities = new[] { "sell" } }, Conduct("k1", "2021-03-01", activity: "research"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void an_empty_activity_list_matches_any_activity()
    {
        var ledger = With(new { activities = Array.Empty<string>() }, Conduct("k1", "2021-03-01", activity: "research"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    [Fact]
    public void a_commitment_without_scope_matches_any_conduct_of_its_org_and_topic()
    {
        var ledger = With(null, Conduct("k1", "2021-03-01", activity: "research", counterparty: "ice", region: "eu"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    // ---- counterparty ----

    [Fact]
    public void a_counterparty_outside_the_scope_does_not_match()
    {
        var ledger = With(PoliceSales, Conduct("k1", "2021-03-01", counterparty: "hospital"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void an_empty_counterparty_list_matches_any_counterparty()
    {
        var ledger = With(new { activities = new[] { "sell" } }, Conduct("k1", "2021-03-01", counterparty: "hospital"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    [Fact]
    public void a_conduct_naming_no_counterparty_matches_a_scope_with_counterparties()
    {
        var ledger = With(PoliceSales, Conduct("k1", "2021-03-01", activity: "sell"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    [Fact]
    public void counterparties_are_compared_exactly()
    {
        var ledger = With(PoliceSales, Conduct("k1", "2021-03-01", counterparty: "us-police-ny"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    // ---- region ----

    [Fact]
    public void a_region_in_the_scope_matches()
    {
        var ledger = With(new { regions = new[] { "us", "eu" } }, Conduct("k1", "2021-03-01", region: "eu"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    [Fact]
    public void a_region_outside_the_scope_does_not_match()
    {
        var ledger = With(new { regions = new[] { "us" } }, Conduct("k1", "2021-03-01", region: "eu"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void a_region_is_compared_exactly_so_us_does_not_contain_us_ca()
    {
        var ledger = With(new { regions = new[] { "us" } }, Conduct("k1", "2021-03-01", region: "us-ca"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void an_empty_region_list_matches_any_region()
    {
        var ledger = With(new { activities = new[] { "sell" } }, Conduct("k1", "2021-03-01", region: "br"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    [Fact]
    public void a_conduct_naming_no_region_matches_a_scope_with_regions()
    {
        var ledger = With(new { regions = new[] { "us" } }, Conduct("k1", "2021-03-01"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    // ---- exceptions ----

    [Fact]
    public void an_excepted_counterparty_does_not_match_even_when_counterparties_are_any()
    {
        var ledger = With(new { exceptions = new[] { "hospital" } }, Conduct("k1", "2021-03-01", counterparty: "hospital"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void an_excepted_counterparty_does_not_match_even_when_listed_in_counterparties()
    {
        var ledger = With(new { counterparties = new[] { "us-police" }, exceptions = new[] { "us-police" } },
            Conduct("k1", "2021-03-01", counterparty: "us-police"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void a_counterparty_not_excepted_still_matches_when_there_are_exceptions()
    {
        var ledger = With(new { exceptions = new[] { "hospital" } }, Conduct("k1", "2021-03-01", counterparty: "ice"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    [Fact]
    public void a_conduct_naming_no_counterparty_is_not_excepted()
    {
        var ledger = With(new { exceptions = new[] { "hospital" } }, Conduct("k1", "2021-03-01"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    // ---- in force on the conduct's date ----

    [Fact]
    public void conduct_before_the_commitment_was_made_does_not_match()
    {
        var ledger = With(null, Conduct("k1", "2020-06-09"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void conduct_on_the_day_the_commitment_was_made_matches()
    {
        var ledger = With(null, Conduct("k1", "2020-06-10"));

        FlagIds(ledger).ShouldBe(["k1"]);
    }

    [Fact]
    public void conduct_while_the_commitment_is_announced_does_not_match()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { from = "2020-06-01" }),
            Conduct("k-announced", "2020-05-31"),
            Conduct("k-in-force", "2020-06-01"));

        FlagIds(ledger).ShouldBe(["k-in-force"]);
    }

    [Fact]
    public void conduct_on_or_after_the_withdrawal_does_not_match()
    {
        var ledger = With(null,
            Conduct("k-before", "2021-02-28"),
            Withdrawn("c1", "2021-03-01"),
            Conduct("k-on", "2021-03-01"),
            Conduct("k-after", "2022-01-01"));

        FlagIds(ledger).ShouldBe(["k-before", "withdrawn-early"], ignoreOrder: true);
    }

    [Fact]
    public void conduct_after_fulfilment_does_not_match()
    {
        var ledger = With(null, Fulfilled("c1", "2021-03-01"), Conduct("k1", "2021-06-01"));

        FlagIds(ledger).ShouldBeEmpty();
    }

    [Fact]
    public void conduct_on_the_until_date_does_not_match_but_the_day_before_does()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }),
            Conduct("k-last-day", "2021-06-09"),
            Conduct("k-until", "2021-06-10"),
            Conduct("k-later", "2022-01-01"));

        FlagIds(ledger).ShouldBe(["k-last-day"]);
    }

    [Fact]
    public void conduct_in_a_gap_after_expiry_does_not_match_even_when_an_amendment_later_revives_the_commitment()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }),
            Conduct("k-gap", "2021-07-01"),
            Amended("c1", "2021-09-01", term: new { until = (string?)null }),
            Conduct("k-revived", "2021-10-01"));

        FlagIds(ledger).ShouldBe(["k-revived"]);
    }

    // ---- scope in effect on the conduct's date ----

    [Fact]
    public void conduct_before_a_scope_is_narrowed_is_judged_by_the_wider_scope()
    {
        var ledger = With(null,
            Conduct("k-before", "2021-01-01", activity: "license"),
            Amended("c1", "2021-06-01", scope: new { activities = new[] { "sell" } }),
            Conduct("k-after", "2021-07-01", activity: "license"));

        FlagIds(ledger).ShouldBe(["k-before"]);
    }

    [Fact]
    public void conduct_before_a_scope_is_widened_is_judged_by_the_narrower_scope()
    {
        var ledger = With(new { activities = new[] { "sell" } },
            Conduct("k-before", "2021-01-01", activity: "license"),
            Amended("c1", "2021-06-01", scope: new { activities = new[] { "sell", "license" } }),
            Conduct("k-after", "2021-07-01", activity: "license"));

        FlagIds(ledger).ShouldBe(["k-after"]);
    }

    [Fact]
    public void conduct_on_the_day_of_a_scope_amendment_is_judged_by_the_amended_scope()
    {
        var ledger = With(new { activities = new[] { "sell" } },
            Amended("c1", "2021-06-01", scope: new { activities = new[] { "license" } }),
            Conduct("k-sell", "2021-06-01", activity: "sell"),
            Conduct("k-license", "2021-06-01", activity: "license"));

        FlagIds(ledger).ShouldBe(["k-license"]);
    }

    // ---- several commitments ----

    [Fact]
    public void one_conduct_flags_every_commitment_it_contradicts()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", scope: new { activities = new[] { "sell" } }),
            Made("c2", on: "2020-01-01", scope: new { counterparties = new[] { "us-police" } }),
            Made("c3", on: "2020-01-01", scope: new { activities = new[] { "research" } }),
            Conduct("k1", "2021-01-01", activity: "sell", counterparty: "us-police"));

        ledger.FlagsOf("c1", "2021-01-01").Select(f => f.Flag).ShouldBe(["k1"]);
        ledger.FlagsOf("c2", "2021-01-01").Select(f => f.Flag).ShouldBe(["k1"]);
        ledger.FlagsOf("c3", "2021-01-01").ShouldBeEmpty();
    }

    [Fact]
    public void conduct_recorded_before_the_commitment_was_recorded_still_flags_it()
    {
        var ledger = ImportAt(T1, Org(), Conduct("k1", "2021-01-01"))
            .Then(T2, Made("c1", on: "2020-01-01"));

        ledger.FlagsOf("c1", "2021-01-01").Select(f => f.Flag).ShouldBe(["k1"]);
    }
}
