using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>
/// broken is true when any flag is confirmed as of D; an attestation is shown beside the status and
/// never changes status or flags.
/// </summary>
public class BrokenTests
{
    [Fact]
    public void a_commitment_without_flags_is_not_broken()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"));

        ledger.Commitment("c1", "2025-01-01").Broken.ShouldBeFalse();
    }

    [Fact]
    public void one_confirmed_flag_among_alleged_ones_makes_the_commitment_broken()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Violation("c1", "v1", "2021-01-01"),
            Violation("c1", "v2", "2021-01-01"),
            Conduct("k1", "2021-01-01"),
            Confirmed("c1", "v2", "2021-02-01"));

        ledger.Commitment("c1", "2021-01-31").Broken.ShouldBeFalse();
        ledger.Commitment("c1", "2021-02-01").Broken.ShouldBeTrue();
    }

    [Fact]
    public void a_commitment_whose_flags_are_all_dismissed_is_not_broken()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Violation("c1", "v1", "2021-01-01"),
            Confirmed("c1", "v1", "2021-02-01"),
            Dismissed("c1", "v1", "2021-03-01"),
            Conduct("k1", "2021-01-01"),
            Dismissed("c1", "k1", "2021-03-01"));

        ledger.Commitment("c1", "2021-02-15").Broken.ShouldBeTrue();
        ledger.Commitment("c1", "2021-03-01").Broken.ShouldBeFalse();
    }

    [Fact]
    public void a_withdrawn_commitment_with_its_flag_dismissed_is_not_broken_but_still_withdrawn()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Withdrawn("c1", "2021-01-01"),
            Dismissed("c1", "withdrawn-early", "2021-01-01"));

        var c = ledger.Commitment("c1", "2021-01-01");
        c.Broken.ShouldBeFalse();
        c.Status.ShouldBe("withdrawn");
    }

    [Fact]
    public void a_withdrawn_commitment_with_its_flag_dismissed_is_broken_again_by_another_confirmed_flag()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Violation("c1", "v1", "2020-06-01"),
            Withdrawn("c1", "2021-01-01"),
            Dismissed("c1", "withdrawn-early", "2021-02-01"),
            Confirmed("c1", "v1", "2021-03-01"));

        ledger.Commitment("c1", "2021-02-01").Broken.ShouldBeFalse();
        ledger.Commitment("c1", "2021-03-01").Broken.ShouldBeTrue();
    }

    [Fact]
    public void broken_as_of_a_date_ignores_a_confirmation_after_that_date()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Violation("c1", "v1", "2021-01-01"),
            Confirmed("c1", "v1", "2022-01-01"));

        ledger.Commitment("c1", "2021-12-31").Broken.ShouldBeFalse();
    }

    [Fact]
    public void a_broken_commitment_can_still_be_in_force()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Violation("c1", "v1", "2021-01-01"),
            Confirmed("c1", "v1", "2021-02-01"));

        var c = ledger.Commitment("c1", "2021-02-01");
        c.Broken.ShouldBeTrue();
        c.Status.ShouldBe("in-force");
        c.InForce.ShouldBeTrue();
    }

    // ---- attestation ----

    [Fact]
    public void a_broken_attestation_does_not_make_an_unflagged_commitment_broken_or_change_its_status()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-01-01"), Attested("c1", "2021-01-01", verdict: "broken"));

        var c = ledger.Commitment("c1", "2021-06-01");
        c.Status.ShouldBe("in-force");
        c.InForce.ShouldBeTrue();
        c.Broken.ShouldBeFalse();
        c.Flags.ShouldBeEmpty();
    }

    [Fact]
    public void a_kept_attestation_does_not_clear_a_confirmed_flag()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Withdrawn("c1", "2021-01-01"),
            Attested("c1", "2021-02-01", verdict: "kept"));

        var c = ledger.Commitment("c1", "2021-06-01");
        c.Status.ShouldBe("withdrawn");
        c.Broken.ShouldBeTrue();
        c.Flags.Single().State.ShouldBe("confirmed");
    }

    [Fact]
    public void an_attestation_changes_nothing_in_the_stance_but_the_attestation_shown()
    {
        string[] history =
        [
            Org(),
            Made("c1", on: "2020-01-01", kind: "divestment", term: new { until = "2023-01-01", due = "2022-01-01" }),
            Violation("c1", "v1", "2021-01-01"),
            Conduct("k1", "2021-02-01"),
            Confirmed("c1", "v1", "2021-03-01"),
        ];
        var without = TestLedger.Import(history);
        var attested = TestLedger.Import([.. history, Attested("c1", "2021-04-01", verdict: "inconclusive"), Attested("c1", "2022-06-01", verdict: "broken")]);

        foreach (var asOf in new[] { "2021-04-01", "2022-01-01", "2022-06-01", "2023-01-01" })
        {
            var a = without.Commitment("c1", asOf);
            var b = attested.Commitment("c1", asOf);
            b.Status.ShouldBe(a.Status, asOf);
            b.InForce.ShouldBe(a.InForce, asOf);
            b.Broken.ShouldBe(a.Broken, asOf);
            b.Flags.ShouldBe(a.Flags, asOf);
        }
    }

    [Fact]
    public void the_stance_shows_the_latest_attestation_on_or_before_the_date()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Attested("c1", "2021-01-01", verdict: "kept"),
            Attested("c1", "2022-01-01", verdict: "broken"));

        ledger.Commitment("c1", "2020-12-31").Attestation.ShouldBeNull();
        ledger.Commitment("c1", "2021-06-01").Attestation!.Verdict.ShouldBe("kept");
        ledger.Commitment("c1", "2022-01-01").Attestation!.Verdict.ShouldBe("broken");
        ledger.Commitment("c1", "2022-01-01").Broken.ShouldBeFalse();
    }

    [Fact]
    public void an_attestation_on_an_expired_commitment_does_not_bring_it_back_in_force()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2021-01-01" }),
            Attested("c1", "2021-06-01", verdict: "kept"));

        ledger.StatusOf("c1", "2021-06-01").ShouldBe("expired");
    }
}
