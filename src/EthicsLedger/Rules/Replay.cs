using EthicsLedger.Entries;

namespace EthicsLedger.Rules;

/// <summary>One dated change in an organization's stance: what was recorded for that day, what changed, and the stance after it.</summary>
public sealed record ReplayStep(DateOnly On, IReadOnlyList<DatedEntry> Entries, IReadOnlyList<string> Changes, Stance Stance);

/// <summary>
/// Replays a stance through time. A stance changes on the dates of its entries and also on dates
/// the terms name (a moratorium expiring, a deadline passing) with no entry at all, so both are visited.
/// </summary>
public static class Replay
{
    public static IReadOnlyList<ReplayStep> Of(OrganizationLedger ledger, DateOnly today, string? topic = null)
    {
        var commitments = ledger.Commitments.Values.Where(c => c.Made is not null && (topic is null || c.Made.Topic == topic)).ToList();
        var entries = commitments.SelectMany(c => c.Entries).Cast<DatedEntry>()
            .Concat(ledger.Conducts.Where(c => topic is null || c.Topic == topic))
            .Order<DatedEntry>(FoldOrder.Comparer)
            .ToList();

        var dates = new SortedSet<DateOnly>(entries.Select(e => e.On));
        foreach (var c in commitments)
        {
            foreach (var e in c.Entries)
                if (c.ShapeAt(e.On)?.Term is { } term)
                {
                    dates.Add(term.From);
                    if (term.Until is { } until) dates.Add(until);
                    if (term.Due is { } due) dates.Add(due);
                }
            if (c.DeadlineMissedOn() is { } missed) dates.Add(missed);
        }

        var steps = new List<ReplayStep>();
        Stance? before = null;
        foreach (var date in dates.Where(d => d <= today))
        {
            var after = Evaluator.Stance(ledger, date, topic);
            var changes = Changes(before, after);
            var onThatDay = entries.Where(e => e.On == date).ToList();
            if (changes.Count > 0 || onThatDay.Count > 0) steps.Add(new ReplayStep(date, onThatDay, changes, after));
            before = after;
        }
        return steps;
    }

    static List<string> Changes(Stance? before, Stance after)
    {
        var changes = new List<string>();
        var previous = before?.Commitments.ToDictionary(c => c.Commitment) ?? [];
        foreach (var now in after.Commitments)
        {
            if (!previous.TryGetValue(now.Commitment, out var was))
            {
                changes.Add($"{now.Commitment}: {now.Kind} made, {now.Status}");
                continue;
            }
            if (was.Status != now.Status) changes.Add($"{now.Commitment}: {was.Status} → {now.Status}");
            if (was.Term != now.Term) changes.Add($"{now.Commitment}: term {Describe(was.Term)} → {Describe(now.Term)}");
            if (was.Scope != now.Scope && !SameScope(was.Scope, now.Scope)) changes.Add($"{now.Commitment}: scope changed");
            if (was.Statement != now.Statement) changes.Add($"{now.Commitment}: statement changed");
            var oldFlags = was.Flags.ToDictionary(f => f.Flag);
            foreach (var flag in now.Flags)
            {
                if (!oldFlags.TryGetValue(flag.Flag, out var old)) changes.Add($"{now.Commitment}: flag {flag.Flag} ({flag.Kind}) raised, {flag.State}");
                else if (old.State != flag.State) changes.Add($"{now.Commitment}: flag {flag.Flag} {old.State} → {flag.State}");
            }
        }
        return changes;
    }

    static bool SameScope(Scope a, Scope b) =>
        a.Activities.SequenceEqual(b.Activities) && a.Counterparties.SequenceEqual(b.Counterparties)
        && a.Regions.SequenceEqual(b.Regions) && a.Exceptions.SequenceEqual(b.Exceptions);

    static string Describe(Term t) =>
        $"from {t.From:yyyy-MM-dd} {(t.Until is { } u ? $"until {u:yyyy-MM-dd}" : "open-ended")}{(t.Due is { } d ? $", due {d:yyyy-MM-dd}" : "")}{(t.Condition is { } c ? $", until: {c}" : "")}";
}
