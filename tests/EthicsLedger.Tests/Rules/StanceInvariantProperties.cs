using CsCheck;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;

namespace EthicsLedger.Tests.Rules;

/// <summary>What must hold of every stance, whatever the history: the table's definitions, checked on random histories.</summary>
public class StanceInvariantProperties
{
    static readonly string[] Statuses = ["announced", "in-force", "expired", "released", "fulfilled", "withdrawn"];

    [Fact]
    public void every_stance_agrees_with_the_definitions_of_status_in_force_broken_and_flag_existence()
    {
        RandomHistory.Gen.Sample(h =>
        {
            var ledger = h.ImportInDateOrder();
            foreach (var asOf in h.AsOfDates)
            {
                var date = D(asOf);
                foreach (var c in ledger.Stance("acme", asOf).Commitments)
                {
                    var at = $"{c.Commitment} as of {asOf}";
                    c.Status.ShouldBeOneOf(Statuses, at);
                    c.InForce.ShouldBe(c.Status == "in-force", at);
                    c.Broken.ShouldBe(c.Flags.Any(f => f.State == "confirmed"), at);
                    foreach (var f in c.Flags)
                    {
                        f.RaisedOn.ShouldBeLessThanOrEqualTo(date, $"{at}: flag {f.Flag}");
                        f.State.ShouldBeOneOf(["alleged", "confirmed", "dismissed"], $"{at}: flag {f.Flag}");
                    }
                    c.Flags.Select(f => f.Flag).Distinct().Count().ShouldBe(c.Flags.Count, at);
                    switch (c.Status)
                    {
                        case "announced":
                            c.Term.From.ShouldBeGreaterThan(date, at);
                            break;
                        case "expired":
                            c.Term.From.ShouldBeLessThanOrEqualTo(date, at);
                            c.Term.Until!.Value.ShouldBeLessThanOrEqualTo(date, at);
                            break;
                        case "in-force":
                            c.Term.From.ShouldBeLessThanOrEqualTo(date, at);
                            if (c.Term.Until is { } until) until.ShouldBeGreaterThan(date, at);
                            break;
                    }
                    c.Flags.Any(f => f.Kind == "withdrawn-early").ShouldBe(c.Status == "withdrawn", at);
                }
            }
        }, iter: 100);
    }

    [Fact]
    public void a_stance_as_of_a_date_depends_only_on_entries_on_or_before_that_date()
    {
        // Folding only the entries with on <= D, or all of them, gives the same stance as of D.
        RandomHistory.Gen.Sample(h =>
        {
            var ledger = h.ImportInDateOrder();
            var all = ledger.Organization("acme");
            foreach (var asOf in h.AsOfDates)
            {
                var date = D(asOf);
                var upToDate = ledger.Entries.Where(e => e.Date is null || e.Date <= date).ToList();
                var folded = OrganizationLedger.Of("acme", upToDate, DateTimeOffset.MaxValue);
                Canon(Evaluator.Stance(folded, date))
                    .ShouldBe(Canon(Evaluator.Stance(all, date)), $"as of {asOf}");
            }
        }, iter: 100);
    }
}
