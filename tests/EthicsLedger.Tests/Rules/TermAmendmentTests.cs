using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>
/// The term, scope and statement in effect on a date are those of the latest commitment.made /
/// commitment.amended with on &lt;= that date; an amended term changes only the fields it names.
/// </summary>
public class TermAmendmentTests
{
    // ---- until moved by an amendment ----

    [Fact]
    public void an_amendment_making_an_expired_commitment_open_ended_puts_it_back_in_force_from_the_amendment_date()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }),
            Amended("c1", "2021-09-01", term: new { until = (string?)null }));

        ledger.StatusOf("c1", "2021-06-10").ShouldBe("expired");
        ledger.StatusOf("c1", "2021-08-31").ShouldBe("expired");
        ledger.StatusOf("c1", "2021-09-01").ShouldBe("in-force");
        ledger.StatusOf("c1", "2026-01-01").ShouldBe("in-force");
    }

    [Fact]
    public void an_amendment_moving_until_later_after_expiry_puts_it_back_in_force_until_the_new_until()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }),
            Amended("c1", "2021-09-01", term: new { until = "2023-01-01" }));

        ledger.StatusOf("c1", "2021-08-31").ShouldBe("expired");
        ledger.StatusOf("c1", "2021-09-01").ShouldBe("in-force");
        ledger.StatusOf("c1", "2022-12-31").ShouldBe("in-force");
        ledger.StatusOf("c1", "2023-01-01").ShouldBe("expired");
    }

    [Fact]
    public void an_extension_made_before_expiry_keeps_the_commitment_in_force_past_the_old_until()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }),
            Amended("c1", "2021-05-18", term: new { until = (string?)null }));

        ledger.StatusOf("c1", "2021-06-10").ShouldBe("in-force");
    }

    [Fact]
    public void the_stance_shows_the_term_in_effect_on_the_date_not_the_latest_term()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }),
            Amended("c1", "2021-09-01", term: new { until = (string?)null }));

        ledger.Commitment("c1", "2021-07-01").Term.Until.ShouldBe(D("2021-06-10"));
        ledger.Commitment("c1", "2021-09-01").Term.Until.ShouldBeNull();
    }

    [Fact]
    public void an_amendment_moving_until_earlier_expires_the_commitment_at_the_new_until()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2022-01-01" }),
            Amended("c1", "2020-06-01", term: new { until = "2021-01-01" }));

        ledger.StatusOf("c1", "2020-12-31").ShouldBe("in-force");
        ledger.StatusOf("c1", "2021-01-01").ShouldBe("expired");
    }

    [Fact]
    public void an_amendment_changes_nothing_before_its_own_date()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2022-01-01" }),
            Amended("c1", "2021-06-01", term: new { until = "2021-07-01" }));

        ledger.Commitment("c1", "2021-05-31").Term.Until.ShouldBe(D("2022-01-01"));
        ledger.Commitment("c1", "2021-06-01").Term.Until.ShouldBe(D("2021-07-01"));
    }

    // ---- fields named and not named ----

    [Fact]
    public void an_amendment_naming_only_due_keeps_until_and_condition()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", kind: "divestment", term: new { until = "2025-01-01", condition = "a law passes" }),
            Amended("c1", "2020-06-01", term: new { due = "2023-01-01" }));

        var term = ledger.Commitment("c1", "2020-06-01").Term;
        term.Until.ShouldBe(D("2025-01-01"));
        term.Condition.ShouldBe("a law passes");
        term.Due.ShouldBe(D("2023-01-01"));
        ledger.StatusOf("c1", "2025-01-01").ShouldBe("expired");
    }

    [Fact]
    public void an_amendment_naming_only_until_keeps_due_and_condition()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", kind: "divestment", term: new { due = "2023-01-01", condition = "a law passes" }),
            Amended("c1", "2020-06-01", term: new { until = "2025-01-01" }));

        var term = ledger.Commitment("c1", "2020-06-01").Term;
        term.Due.ShouldBe(D("2023-01-01"));
        term.Condition.ShouldBe("a law passes");
        term.Until.ShouldBe(D("2025-01-01"));
    }

    [Fact]
    public void an_amendment_without_a_term_keeps_the_whole_term()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { from = "2020-02-01", until = "2025-01-01", condition = "a law passes", due = "2024-01-01" }),
            Amended("c1", "2020-06-01", statement: "We will still not."));

        var term = ledger.Commitment("c1", "2020-06-01").Term;
        term.From.ShouldBe(D("2020-02-01"));
        term.Until.ShouldBe(D("2025-01-01"));
        term.Condition.ShouldBe("a law passes");
        term.Due.ShouldBe(D("2024-01-01"));
    }

    [Fact]
    public void null_until_in_an_amendment_clears_until()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2021-01-01" }),
            Amended("c1", "2020-06-01", term: new { until = (string?)null }));

        ledger.Commitment("c1", "2022-01-01").Term.Until.ShouldBeNull();
        ledger.StatusOf("c1", "2022-01-01").ShouldBe("in-force");
    }

    [Fact]
    public void null_condition_in_an_amendment_clears_the_condition_and_keeps_until()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2025-01-01", condition = "a law passes" }),
            Amended("c1", "2020-06-01", term: new { condition = (string?)null }));

        var term = ledger.Commitment("c1", "2020-06-01").Term;
        term.Condition.ShouldBeNull();
        term.Until.ShouldBe(D("2025-01-01"));
        ledger.Commitment("c1", "2020-05-31").Term.Condition.ShouldBe("a law passes");
    }

    [Fact]
    public void null_due_in_an_amendment_clears_the_due_so_no_deadline_is_missed()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", kind: "divestment", term: new { due = "2021-01-01" }),
            Amended("c1", "2020-06-01", term: new { due = (string?)null }));

        ledger.Commitment("c1", "2020-06-01").Term.Due.ShouldBeNull();
        ledger.FlagsOf("c1", "2022-01-01").ShouldBeEmpty();
        ledger.Commitment("c1", "2022-01-01").Broken.ShouldBeFalse();
    }

    // ---- from ----

    [Fact]
    public void from_defaults_to_the_day_the_commitment_was_made()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10"));

        ledger.Commitment("c1", "2020-06-10").Term.From.ShouldBe(D("2020-06-10"));
    }

    [Fact]
    public void from_defaults_to_the_day_made_even_when_the_term_names_other_fields()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10", term: new { until = "2021-06-10" }));

        ledger.Commitment("c1", "2020-06-10").Term.From.ShouldBe(D("2020-06-10"));
    }

    [Fact]
    public void a_named_from_is_used_instead_of_the_day_made()
    {
        var ledger = TestLedger.Import(Org(), Made("c1", on: "2020-06-10", term: new { from = "2020-09-01" }));

        ledger.Commitment("c1", "2020-06-10").Term.From.ShouldBe(D("2020-09-01"));
    }

    [Fact]
    public void an_amendment_not_naming_from_keeps_a_future_from_so_the_commitment_stays_announced()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { from = "2020-03-01" }),
            Amended("c1", "2020-02-01", term: new { until = "2021-01-01" }));

        ledger.Commitment("c1", "2020-02-01").Term.From.ShouldBe(D("2020-03-01"));
        ledger.StatusOf("c1", "2020-02-15").ShouldBe("announced");
        ledger.StatusOf("c1", "2020-03-01").ShouldBe("in-force");
    }

    [Fact]
    public void an_amendment_not_naming_from_keeps_the_day_made_rather_than_its_own_date()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Amended("c1", "2020-06-01", term: new { until = "2021-01-01" }));

        ledger.Commitment("c1", "2020-06-01").Term.From.ShouldBe(D("2020-01-01"));
    }

    [Fact]
    public void an_amendment_naming_a_later_from_makes_the_commitment_announced_again_until_then()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Amended("c1", "2020-02-01", term: new { from = "2020-05-01" }));

        ledger.StatusOf("c1", "2020-01-31").ShouldBe("in-force");
        ledger.StatusOf("c1", "2020-02-01").ShouldBe("announced");
        ledger.StatusOf("c1", "2020-05-01").ShouldBe("in-force");
    }

    // ---- statement and scope ----

    [Fact]
    public void an_amended_statement_replaces_the_old_one_from_the_amendment_date()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Amended("c1", "2021-01-01", statement: "We will not, anywhere."));

        ledger.Commitment("c1", "2020-12-31").Statement.ShouldBe("We will not.");
        ledger.Commitment("c1", "2021-01-01").Statement.ShouldBe("We will not, anywhere.");
    }

    [Fact]
    public void an_amendment_without_a_statement_keeps_the_statement()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01"),
            Amended("c1", "2021-01-01", term: new { until = "2025-01-01" }));

        ledger.Commitment("c1", "2021-01-01").Statement.ShouldBe("We will not.");
    }

    [Fact]
    public void an_amended_scope_replaces_the_old_scope_whole_rather_than_merging_lists()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", scope: new { activities = new[] { "sell" }, counterparties = new[] { "us-police" } }),
            Amended("c1", "2021-01-01", scope: new { activities = new[] { "license" } }));

        var before = ledger.Commitment("c1", "2020-12-31").Scope;
        before.Activities.ShouldBe(["sell"]);
        before.Counterparties.ShouldBe(["us-police"]);

        var after = ledger.Commitment("c1", "2021-01-01").Scope;
        after.Activities.ShouldBe(["license"]);
        after.Counterparties.ShouldBeEmpty();
    }

    [Fact]
    public void after_a_scope_replacement_conduct_is_judged_by_the_new_scope_alone()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", scope: new { activities = new[] { "sell" }, counterparties = new[] { "us-police" } }),
            Amended("c1", "2021-01-01", scope: new { activities = new[] { "license" } }),
            // sold to the police: matched the old scope, not the new one
            Conduct("k-sell", "2021-02-01", activity: "sell", counterparty: "us-police"),
            // licensed to anyone: the new scope no longer restricts counterparties
            Conduct("k-license", "2021-03-01", activity: "license", counterparty: "ice"));

        ledger.FlagsOf("c1", "2021-12-31").Select(f => f.Flag).ShouldBe(["k-license"]);
    }

    [Fact]
    public void an_amendment_without_a_scope_keeps_the_scope()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", scope: new { activities = new[] { "sell" }, regions = new[] { "us" } }),
            Amended("c1", "2021-01-01", statement: "Still."));

        var scope = ledger.Commitment("c1", "2021-01-01").Scope;
        scope.Activities.ShouldBe(["sell"]);
        scope.Regions.ShouldBe(["us"]);
    }

    [Fact]
    public void the_latest_of_several_amendments_on_or_before_the_date_is_in_effect()
    {
        var ledger = TestLedger.Import(Org(),
            Made("c1", on: "2020-01-01", term: new { until = "2021-01-01" }),
            Amended("c1", "2020-06-01", term: new { until = "2022-01-01" }),
            Amended("c1", "2021-06-01", term: new { until = "2023-01-01" }));

        ledger.Commitment("c1", "2020-05-31").Term.Until.ShouldBe(D("2021-01-01"));
        ledger.Commitment("c1", "2021-05-31").Term.Until.ShouldBe(D("2022-01-01"));
        ledger.Commitment("c1", "2021-06-01").Term.Until.ShouldBe(D("2023-01-01"));
        ledger.StatusOf("c1", "2022-06-01").ShouldBe("in-force");
    }
}
