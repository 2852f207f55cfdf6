using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>--known-at folds only what was recorded at or before the timestamp: later entries do not exist yet.</summary>
public class KnownAtTests
{
    static readonly DateTimeOffset JustBeforeT2 = T2.AddTicks(-1);

    [Fact]
    public void an_extension_recorded_later_is_unknown_before_it_was_recorded()
    {
        var ledger = ImportAt(T1,
                Org(),
                Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }))
            .Then(T2,
                Amended("c1", "2021-05-18", term: new { until = (string?)null }));

        ledger.StanceKnownAt("acme", "2022-01-01", T1).Commitments.Single().Status.ShouldBe("expired");
        ledger.StanceKnownAt("acme", "2022-01-01", JustBeforeT2).Commitments.Single().Status.ShouldBe("expired");
        ledger.StanceKnownAt("acme", "2022-01-01", T2).Commitments.Single().Status.ShouldBe("in-force");
    }

    [Fact]
    public void an_entry_recorded_exactly_at_known_at_is_known()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"))
            .Then(T2, Withdrawn("c1", "2021-01-01"));

        ledger.StanceKnownAt("acme", "2022-01-01", T2).Commitments.Single().Status.ShouldBe("withdrawn");
    }

    [Fact]
    public void a_withdrawal_recorded_later_raises_no_flag_as_known_before_it_was_recorded()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"))
            .Then(T2, Withdrawn("c1", "2021-01-01"));

        var before = ledger.StanceKnownAt("acme", "2022-01-01", T1).Commitments.Single();
        before.Status.ShouldBe("in-force");
        before.Flags.ShouldBeEmpty();
        before.Broken.ShouldBeFalse();

        var after = ledger.StanceKnownAt("acme", "2022-01-01", T2).Commitments.Single();
        after.Broken.ShouldBeTrue();
    }

    [Fact]
    public void a_commitment_recorded_later_is_absent_as_known_before_even_though_it_happened_earlier()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2021-01-01"))
            .Then(T2, Made("c0", on: "2019-01-01"));

        ledger.StanceKnownAt("acme", "2022-01-01", T1).Commitments.Select(c => c.Commitment).ShouldBe(["c1"]);
        ledger.StanceKnownAt("acme", "2022-01-01", T2).Commitments.Select(c => c.Commitment).ShouldBe(["c0", "c1"], ignoreOrder: true);
    }

    [Fact]
    public void conduct_recorded_later_raises_no_flag_as_known_before()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"))
            .Then(T2, Conduct("k1", "2020-06-01"));

        ledger.StanceKnownAt("acme", "2022-01-01", T1).Commitments.Single().Flags.ShouldBeEmpty();
        ledger.StanceKnownAt("acme", "2022-01-01", T2).Commitments.Single().Flags.Select(f => f.Flag).ShouldBe(["k1"]);
    }

    [Fact]
    public void a_violation_recorded_later_is_unknown_before()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"))
            .Then(T2, Violation("c1", "v1", "2020-06-01"));

        ledger.StanceKnownAt("acme", "2022-01-01", T1).Commitments.Single().Flags.ShouldBeEmpty();
        ledger.StanceKnownAt("acme", "2022-01-01", T2).Commitments.Single().Flags.Select(f => f.Flag).ShouldBe(["v1"]);
    }

    [Fact]
    public void a_finding_recorded_later_leaves_the_flag_in_its_initial_state_as_known_before()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"), Violation("c1", "v1", "2020-06-01"))
            .Then(T2, Confirmed("c1", "v1", "2020-07-01"));

        var before = ledger.StanceKnownAt("acme", "2022-01-01", T1).Commitments.Single();
        before.Flags.Single().State.ShouldBe("alleged");
        before.Broken.ShouldBeFalse();

        var after = ledger.StanceKnownAt("acme", "2022-01-01", T2).Commitments.Single();
        after.Flags.Single().State.ShouldBe("confirmed");
        after.Broken.ShouldBeTrue();
    }

    [Fact]
    public void known_at_and_as_of_restrict_together()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"))
            .Then(T2, Withdrawn("c1", "2021-01-01"));

        // known at T2 but as of a day before the withdrawal happened: still in force
        ledger.StanceKnownAt("acme", "2020-12-31", T2).Commitments.Single().Status.ShouldBe("in-force");
        // as of after the withdrawal but known before it was recorded: still in force
        ledger.StanceKnownAt("acme", "2021-01-01", T1).Commitments.Single().Status.ShouldBe("in-force");
        ledger.StanceKnownAt("acme", "2021-01-01", T2).Commitments.Single().Status.ShouldBe("withdrawn");
    }

    [Fact]
    public void an_organization_registered_after_known_at_has_no_registration()
    {
        var ledger = ImportAt(T1, Org("beta"))
            .Then(T2, Org("acme"));

        ledger.Organization("acme", T1).Registration.ShouldBeNull();
        ledger.Organization("acme", JustBeforeT2).Registration.ShouldBeNull();
        ledger.Organization("acme", T2).Registration.ShouldNotBeNull();
        ledger.Organization("beta", T1).Registration.ShouldNotBeNull();
    }

    [Fact]
    public void an_organization_registered_later_has_no_commitments_as_known_before()
    {
        var ledger = ImportAt(T1, Org("beta"))
            .Then(T2, Org("acme"), Made("c1", "acme", "2019-01-01"));

        var org = ledger.Organization("acme", T1);
        org.Registration.ShouldBeNull();
        org.Commitments.ShouldBeEmpty();
        org.Conducts.ShouldBeEmpty();
    }

    [Fact]
    public void without_known_at_everything_recorded_is_known()
    {
        var ledger = ImportAt(T1, Org(), Made("c1", on: "2020-01-01"))
            .Then(T3, Withdrawn("c1", "2021-01-01"));

        ledger.StatusOf("c1", "2022-01-01").ShouldBe("withdrawn");
    }
}
