using CsCheck;
using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Rules.RuleTestKit;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

/// <summary>
/// "Every fold orders by on ... never append order alone": the stance depends on the stamped
/// entries, not on the order they are handed over or appended in.
/// </summary>
public class OrderIndependenceProperties
{
    // ---- (1) the evaluator does not care in which order it is handed the same stamped entries ----

    [Fact]
    public void the_stance_is_the_same_whatever_order_the_same_stamped_entries_are_given_in()
    {
        var gen =
            from h in RandomHistory.Gen
            from appendOrder in PermutationOf(h.Rest.Length)
            from keys in Gen.Int.Array[h.Base.Length + h.Rest.Length]
            from knownAtIndex in Gen.Int[0, h.Rest.Length + 1]
            select (h, appendOrder, keys, knownAtIndex);

        gen.Sample((h, appendOrder, keys, knownAtIndex) =>
        {
            var entries = h.ImportIn(appendOrder).Entries;
            var shuffled = Permute(entries, keys);
            // knownAtIndex past the last import means "everything"
            var knownAt = knownAtIndex > h.Rest.Length ? DateTimeOffset.MaxValue : RandomHistory.RecordedAt(knownAtIndex);

            var given = OrganizationLedger.Of("acme", entries, knownAt);
            var reordered = OrganizationLedger.Of("acme", shuffled, knownAt);
            foreach (var asOf in h.AsOfDates)
                Canon(Evaluator.Stance(reordered, D(asOf))).ShouldBe(Canon(Evaluator.Stance(given, D(asOf))), $"as of {asOf}");
            SameReplay(Replay.Of(reordered, D("2026-11-27")), Replay.Of(given, D("2026-11-27")));
        }, iter: 150);
    }

    [Fact]
    public void the_stance_is_the_same_whatever_order_entries_sharing_a_day_are_given_in()
    {
        // Same-day amendments, findings and endings spread over imports and lines: only the
        // tie-breaks (made first, recording, line) can order them.
        var ledger = ImportAt(T1,
                Org(),
                Amended("c1", "2020-06-01", term: new { until = "2022-01-01" }, statement: "First."),
                Made("c1", on: "2020-06-01", term: new { until = "2021-01-01" }, scope: new { activities = new[] { "sell" } }),
                Amended("c1", "2020-06-01", term: new { until = "2023-01-01" }),
                Violation("c1", "v1", "2020-07-01"),
                Confirmed("c1", "v1", "2020-08-01"),
                Conduct("k1", "2020-09-01"),
                Made("c2", on: "2020-06-01", kind: "divestment", term: new { due = "2021-06-01" }))
            .Then(T2,
                Amended("c1", "2020-06-01", term: new { until = "2024-01-01" }, scope: new { activities = new[] { "license" } }),
                Dismissed("c1", "v1", "2020-08-01"),
                Conduct("k2", "2020-09-01", activity: "license"),
                Amended("c2", "2021-06-01", term: new { due = "2021-09-01" }))
            .Then(T3,
                // other content than the first confirmation, or it would be a no-op
                Json.With(Confirmed("c1", "v1", "2020-08-01"), ("finding", "True after all.")),
                Dismissed("c1", "k2", "2020-09-01"),
                Confirmed("c1", "k2", "2020-09-01"),
                Withdrawn("c1", "2023-06-01"));
        var entries = ledger.Entries;
        string[] dates = ["2020-05-31", "2020-06-01", "2020-07-01", "2020-08-01", "2020-09-01", "2021-01-01", "2021-06-01",
            "2021-09-01", "2022-01-01", "2023-01-01", "2023-06-01", "2024-01-01", "2026-01-01"];
        var expected = dates.Select(d => Canon(Evaluator.Stance(OrganizationLedger.Of("acme", entries, DateTimeOffset.MaxValue), D(d)))).ToList();

        Gen.Int.Array[entries.Count].Sample(keys =>
        {
            var shuffled = Permute(entries, keys);
            var org = OrganizationLedger.Of("acme", shuffled, DateTimeOffset.MaxValue);
            for (var i = 0; i < dates.Length; i++)
                Canon(Evaluator.Stance(org, D(dates[i]))).ShouldBe(expected[i], $"as of {dates[i]}");
        }, iter: 200);

        // and the tie-breaks themselves, so the property is not vacuous
        var settled = ledger.Commitment("c1", "2023-05-31");
        settled.Term.Until.ShouldBe(D("2024-01-01"));
        settled.Scope.Activities.ShouldBe(["license"]);
        settled.Statement.ShouldBe("First.");
        settled.Flags.Single(f => f.Flag == "v1").State.ShouldBe("confirmed");
        settled.Flags.Single(f => f.Flag == "k2").State.ShouldBe("confirmed");
        settled.Flags.ShouldNotContain(f => f.Flag == "k1");
    }

    // ---- (2) appending the same entries in any order across imports gives the same stance ----

    [Fact]
    public void appending_the_same_entries_in_any_order_across_imports_gives_the_same_stance()
    {
        var gen =
            from h in RandomHistory.Gen
            from order in PermutationOf(h.Rest.Length)
            select (h, order);

        gen.Sample((h, order) =>
        {
            var inDateOrder = h.ImportInDateOrder();
            var inRandomOrder = h.ImportIn(order);
            foreach (var asOf in h.AsOfDates)
                Canon(inRandomOrder.Stance("acme", asOf)).ShouldBe(Canon(inDateOrder.Stance("acme", asOf)), $"as of {asOf}");
        }, iter: 150);
    }

    [Fact]
    public void appending_the_same_entries_in_one_import_or_one_per_import_gives_the_same_stance()
    {
        RandomHistory.Gen.Sample(h =>
        {
            var oneImport = TestLedger.Import(LedgerSnapshot.Empty, T1, [.. h.Base, .. h.Rest]);
            var onePerImport = h.ImportInDateOrder();
            foreach (var asOf in h.AsOfDates)
                Canon(oneImport.Stance("acme", asOf)).ShouldBe(Canon(onePerImport.Stance("acme", asOf)), $"as of {asOf}");
        }, iter: 100);
    }

    // ---- helpers ----

    static Gen<int[]> PermutationOf(int n) =>
        Gen.Int.Array[n].Select(keys => Enumerable.Range(0, n).OrderBy(i => keys[i]).ToArray());

    static List<Entry> Permute(IReadOnlyList<Entry> entries, int[] keys) =>
        Enumerable.Range(0, entries.Count).OrderBy(i => keys[i]).Select(i => entries[i]).ToList();

    static void SameReplay(IReadOnlyList<ReplayStep> actual, IReadOnlyList<ReplayStep> expected)
    {
        actual.Select(s => s.On).ShouldBe(expected.Select(s => s.On));
        for (var i = 0; i < actual.Count; i++)
        {
            actual[i].Changes.ShouldBe(expected[i].Changes, $"changes on {actual[i].On:yyyy-MM-dd}");
            Canon(actual[i].Stance).ShouldBe(Canon(expected[i].Stance), $"stance on {actual[i].On:yyyy-MM-dd}");
        }
    }
}

/// <summary>
/// A random valid history of one organization whose non-base entries can be imported one per
/// import in any order: every such entry has its own day, amendments never move from, endings come
/// after every amendment and before every until, and findings are only about flags raised in the base.
/// </summary>
sealed class RandomHistory
{
    static readonly DateOnly Epoch = new(2020, 1, 1);
    const int LastEventDay = 1400;                       // 2023-11-01
    static readonly DateTimeOffset FirstRecording = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset RecordedAt(int import) => FirstRecording.AddMinutes(import);

    public required string[] Base { get; init; }
    public required string[] Rest { get; init; }
    public required int[] RestDays { get; init; }
    public required string[] AsOfDates { get; init; }

    public LedgerSnapshot ImportIn(int[] order)
    {
        var ledger = TestLedger.Import(LedgerSnapshot.Empty, RecordedAt(0), Base);
        for (var i = 0; i < order.Length; i++)
            ledger = TestLedger.Import(ledger, RecordedAt(i + 1), Rest[order[i]]);
        return ledger;
    }

    public LedgerSnapshot ImportInDateOrder() =>
        ImportIn(Enumerable.Range(0, Rest.Length).OrderBy(i => RestDays[i]).ToArray());

    public override string ToString() =>
        "base:\n  " + string.Join("\n  ", Base) + "\nrest:\n  " + string.Join("\n  ", Rest);

    sealed record Counts(int Amendments, int Conducts, int ExtraViolations, int BaseViolations, int Findings0, int Findings1,
        int Attestations, int Ending)
    {
        public int FindingsOf(int violation) => violation == 0 ? Findings0 : Findings1;
        public int Days => Amendments + Conducts + ExtraViolations + BaseViolations
            + (BaseViolations > 0 ? Findings0 : 0) + (BaseViolations > 1 ? Findings1 : 0) + Attestations + (Ending > 0 ? 1 : 0);
    }

    static readonly Gen<Counts> GenCounts = CsCheck.Gen.Select(
        CsCheck.Gen.Int[0, 3], CsCheck.Gen.Int[0, 4], CsCheck.Gen.Int[0, 2], CsCheck.Gen.Int[0, 2],
        CsCheck.Gen.Int[0, 2], CsCheck.Gen.Int[0, 2], CsCheck.Gen.Int[0, 2], CsCheck.Gen.Int[0, 3],
        (a, k, v, b, f0, f1, t, e) => new Counts(a, k, v, b, f0, f1, t, e));

    public static readonly Gen<RandomHistory> Gen =
        from counts in GenCounts
        from days in CsCheck.Gen.Int[1, LastEventDay].ArrayUnique[counts.Days]
        from choices in CsCheck.Gen.Int[0, 9999].Array[64]
        select Build(counts, days, choices);

    static readonly object?[] Scopes =
    [
        null,
        new { activities = new[] { "sell" }, counterparties = new[] { "us-police" } },
        new { activities = new[] { "sell", "license" } },
        new { regions = new[] { "us" }, exceptions = new[] { "hospital" } },
        new { counterparties = new[] { "us-police", "ice" }, regions = new[] { "us", "eu" } },
    ];

    static readonly string[] Topics = ["facial-recognition", "facial-recognition", "weapons"];
    static readonly string[] Activities = ["sell", "license", "research"];
    static readonly string?[] Counterparties = [null, "us-police", "ice", "hospital"];
    static readonly string?[] Regions = [null, "us", "eu", "us-ca"];
    static readonly string[] Verdicts = ["kept", "broken", "inconclusive"];

    static string Day(int day) => Epoch.AddDays(day).ToString("yyyy-MM-dd");

    static RandomHistory Build(Counts counts, int[] days, int[] choices)
    {
        var pick = 0;
        int Next(int n) => choices[pick++ % choices.Length] % n;
        var hasEnding = counts.Ending > 0;
        var mentioned = new HashSet<int> { 0, 299, 300 };

        // An ending must stay valid in any import order: every until lies after every event.
        string Until()
        {
            var day = hasEnding ? 1500 + Next(800) : 100 + Next(2200);
            mentioned.Add(day);
            return Day(day);
        }
        string Due()
        {
            var day = Next(LastEventDay + 1);
            mentioned.Add(day);
            return Day(day);
        }

        var queue = new Queue<int>(days);
        int[] Take(int n) => Enumerable.Range(0, n).Select(_ => queue.Dequeue()).ToArray();

        var amendmentDays = Take(counts.Amendments);
        int? endingDay = hasEnding ? queue.Dequeue() : null;
        if (endingDay is { } end && amendmentDays.Length > 0 && amendmentDays.Max() > end)
        {
            var latest = Array.IndexOf(amendmentDays, amendmentDays.Max());
            (amendmentDays[latest], endingDay) = (end, amendmentDays[latest]);
        }
        var conductDays = Take(counts.Conducts);
        var extraViolationDays = Take(counts.ExtraViolations);
        var violationGroups = Enumerable.Range(0, counts.BaseViolations)
            .Select(v => Take(1 + counts.FindingsOf(v)).Order().ToArray()).ToArray();
        var attestationDays = Take(counts.Attestations);

        // ---- base: registration, two commitments, the violations findings will be about ----
        var c1Term = new Dictionary<string, object?>();
        if (Next(2) == 1) c1Term["until"] = Until();
        if (Next(2) == 1) c1Term["due"] = Due();
        if (Next(2) == 1) c1Term["condition"] = "a federal law is in effect";
        var c2Term = new Dictionary<string, object?> { ["from"] = Day(300) };
        if (Next(2) == 1) c2Term["until"] = Day(400 + Next(1800));

        var baseLines = new List<string>
        {
            Org(),
            Made("c1", on: Day(0), kind: "moratorium", term: c1Term.Count > 0 ? c1Term : null, scope: Scopes[Next(Scopes.Length)]),
            Made("c2", on: Day(0), kind: "policy", term: c2Term, scope: Scopes[Next(Scopes.Length)]),
        };
        var violationOf = new string[counts.BaseViolations];
        for (var v = 0; v < counts.BaseViolations; v++)
        {
            violationOf[v] = Next(2) == 0 ? "c1" : "c2";
            baseLines.Add(Violation(violationOf[v], $"v{v}", Day(violationGroups[v][0])));
        }

        // ---- the rest: each on its own day ----
        var rest = new List<(string Line, int Day)>();
        for (var a = 0; a < amendmentDays.Length; a++)
        {
            var term = new Dictionary<string, object?>();
            switch (Next(3)) { case 1: term["until"] = null; break; case 2: term["until"] = Until(); break; }
            switch (Next(3)) { case 1: term["due"] = null; break; case 2: term["due"] = Due(); break; }
            switch (Next(3)) { case 1: term["condition"] = null; break; case 2: term["condition"] = $"condition {a}"; break; }
            object? scope = Next(Scopes.Length + 1) switch
            {
                0 => new { },
                var s when s < Scopes.Length => Scopes[s],
                _ => null,
            };
            var line = Amended("c1", Day(amendmentDays[a]), term: term.Count > 0 ? term : null, scope: scope,
                statement: Next(2) == 1 ? $"Statement {a}." : null);
            rest.Add((line, amendmentDays[a]));
        }
        if (endingDay is { } ending)
        {
            var line = counts.Ending switch
            {
                1 => Withdrawn("c1", Day(ending)),
                2 => Fulfilled("c1", Day(ending)),
                _ => ConditionMet("c1", Day(ending)),
            };
            rest.Add((line, ending));
        }
        for (var k = 0; k < conductDays.Length; k++)
            rest.Add((Conduct($"k{k}", Day(conductDays[k]), activity: Activities[Next(Activities.Length)],
                topic: Topics[Next(Topics.Length)], counterparty: Counterparties[Next(Counterparties.Length)],
                region: Regions[Next(Regions.Length)]), conductDays[k]));
        for (var x = 0; x < extraViolationDays.Length; x++)
            rest.Add((Violation(Next(2) == 0 ? "c1" : "c2", $"x{x}", Day(extraViolationDays[x])), extraViolationDays[x]));
        for (var v = 0; v < violationGroups.Length; v++)
            foreach (var day in violationGroups[v].Skip(1))
                rest.Add((Next(2) == 0 ? Confirmed(violationOf[v], $"v{v}", Day(day)) : Dismissed(violationOf[v], $"v{v}", Day(day)), day));
        for (var t = 0; t < attestationDays.Length; t++)
            rest.Add((Attested(Next(2) == 0 ? "c1" : "c2", Day(attestationDays[t]), Verdicts[Next(Verdicts.Length)]), attestationDays[t]));

        foreach (var day in days) mentioned.Add(day);
        var asOf = mentioned.SelectMany(d => new[] { d - 1, d }).Concat([1500, 1900, 2300])
            .Distinct().Order().Select(Day).ToArray();

        return new RandomHistory
        {
            Base = [.. baseLines],
            Rest = rest.Select(r => r.Line).ToArray(),
            RestDays = rest.Select(r => r.Day).ToArray(),
            AsOfDates = asOf,
        };
    }
}
