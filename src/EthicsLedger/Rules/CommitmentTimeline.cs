using EthicsLedger.Entries;

namespace EthicsLedger.Rules;

/// <summary>
/// One commitment's entries in fold order, and the contract's answers about it on any date:
/// its term and scope in effect, its status, and the flags its entries raise.
/// </summary>
public sealed class CommitmentTimeline
{
    public CommitmentTimeline(IEnumerable<CommitmentEntry> entries)
    {
        Entries = entries.Order<CommitmentEntry>(FoldOrder.Comparer).ToList();
        Made = Entries.OfType<CommitmentMade>().FirstOrDefault();
    }

    public IReadOnlyList<CommitmentEntry> Entries { get; }
    public CommitmentMade? Made { get; }

    /// <summary>The term, scope and statement of the latest made/amended with <c>on</c> &lt;= <paramref name="date"/>.</summary>
    public Shape? ShapeAt(DateOnly date) => ShapeThrough(Entries.Count, date);

    /// <summary>The shape after folding the first <paramref name="count"/> entries (fold order) dated on or before <paramref name="date"/>.</summary>
    public Shape? ShapeThrough(int count, DateOnly date)
    {
        Shape? shape = null;
        for (var i = 0; i < count && Entries[i].On <= date; i++)
        {
            shape = Entries[i] switch
            {
                CommitmentMade m => new Shape(Term.Of(m), m.Scope ?? Scope.Any, m.Statement),
                CommitmentAmended a when shape is not null => new Shape(
                    shape.Term.With(a.Term), a.Scope ?? shape.Scope, a.Statement ?? shape.Statement),
                _ => shape,
            };
        }
        return shape;
    }

    /// <summary>
    /// Status as of <paramref name="date"/>, or null when the commitment was not yet made.
    /// Only endings among the first <paramref name="endingsBefore"/> entries count: an ending
    /// is judged by the status left by the endings before it.
    /// </summary>
    public string? StatusAt(DateOnly date, int endingsBefore = int.MaxValue)
    {
        if (Made is null || Made.On > date) return null;
        for (var i = 0; i < Entries.Count && i < endingsBefore && Entries[i].On <= date; i++)
            if (Entries[i] is EndingEntry ending) return ending.EndedStatus;
        var term = ShapeAt(date)!.Term;
        if (term.From > date) return Statuses.Announced;
        if (term.Until is { } until && until <= date) return Statuses.Expired;
        return Statuses.InForce;
    }

    public EndingEntry? Ending => Entries.OfType<EndingEntry>().FirstOrDefault();

    /// <summary>
    /// The first date X on which the term in effect has <c>due</c> &lt;= X while the commitment is
    /// in force. Status and term only change on the dates of entries and at from/until/due, so
    /// those dates are the only candidates.
    /// </summary>
    public DateOnly? DeadlineMissedOn()
    {
        if (Made is null) return null;
        var candidates = new SortedSet<DateOnly>();
        foreach (var entry in Entries)
        {
            candidates.Add(entry.On);
            if (ShapeAt(entry.On) is { Term: var term })
            {
                candidates.Add(term.From);
                if (term.Due is { } due) candidates.Add(due);
            }
        }
        foreach (var x in candidates)
            if (x >= Made.On && ShapeAt(x)!.Term.Due is { } due && due <= x && StatusAt(x) == Statuses.InForce)
                return x;
        return null;
    }

    /// <summary>Whether a conduct contradicts this commitment, judged on the conduct's own date.</summary>
    public bool IsContradictedBy(ConductObserved conduct)
    {
        if (Made is null || conduct.Org != Made.Org || conduct.Topic != Made.Topic) return false;
        if (StatusAt(conduct.On) != Statuses.InForce) return false;
        var scope = ShapeAt(conduct.On)!.Scope;
        return Covers(scope.Activities, conduct.Activity)
            && (conduct.Counterparty is null || Covers(scope.Counterparties, conduct.Counterparty))
            && (conduct.Region is null || Covers(scope.Regions, conduct.Region))
            && (conduct.Counterparty is null || !scope.Exceptions.Contains(conduct.Counterparty));
    }

    static bool Covers(IReadOnlyList<string> list, string value) => list.Count == 0 || list.Contains(value);

    /// <summary>Every flag the rules raise from these entries and the organization's conduct, whatever the date.</summary>
    public IReadOnlyList<Flag> RaisedFlags(IEnumerable<ConductObserved> conducts)
    {
        var flags = new List<Flag>();
        if (Made is null) return flags;
        if (Ending is CommitmentWithdrawn withdrawal)
            flags.Add(new Flag(FlagKinds.WithdrawnEarly, FlagKinds.WithdrawnEarly, withdrawal.On, FlagStates.Confirmed));
        if (DeadlineMissedOn() is { } missedOn)
            flags.Add(new Flag(FlagKinds.DeadlineMissed, FlagKinds.DeadlineMissed, missedOn, FlagStates.Confirmed));
        foreach (var violation in Entries.OfType<ViolationAlleged>())
            flags.Add(new Flag(violation.Flag, FlagKinds.Violation, violation.On, FlagStates.Alleged));
        foreach (var conduct in conducts.Where(IsContradictedBy))
            flags.Add(new Flag(conduct.Id, FlagKinds.ContradictingConduct, conduct.On, FlagStates.Alleged));
        // An id names one flag: should the ledger ever hold two raisings of one id, the first counts.
        return flags.GroupBy(f => f.Id).Select(g => g.First()).ToList();
    }

    /// <summary>
    /// The entry that raised a flag, whose source is the flag's: the allegation, the contradicting conduct,
    /// the withdrawal; for a missed deadline, the commitment itself (its due date is what was missed).
    /// </summary>
    public DatedEntry? RaisedBy(string flag, IEnumerable<ConductObserved> conducts) => flag switch
    {
        FlagKinds.WithdrawnEarly => Ending as CommitmentWithdrawn,
        FlagKinds.DeadlineMissed => Made,
        _ => (DatedEntry?)Entries.OfType<ViolationAlleged>().FirstOrDefault(v => v.Flag == flag)
             ?? conducts.FirstOrDefault(c => c.Id == flag && IsContradictedBy(c)),
    };

    /// <summary>The flags that exist as of <paramref name="date"/>, each in its state on that date.</summary>
    public IReadOnlyList<FlagView> FlagsAsOf(DateOnly date, IEnumerable<ConductObserved> conducts) =>
        RaisedFlags(conducts)
            .Where(f => f.RaisedOn <= date)
            .Select(f => new FlagView(f.Id, f.Kind, StateAsOf(f, date), f.RaisedOn))
            .OrderBy(f => f.RaisedOn).ThenBy(f => f.Flag, StringComparer.Ordinal)
            .ToList();

    string StateAsOf(Flag flag, DateOnly date) =>
        Entries.OfType<FindingEntry>().LastOrDefault(f => f.Flag == flag.Id && f.On <= date)?.State ?? flag.InitialState;

    /// <summary>The latest attestation on or before the date: shown beside the status, never changing it.</summary>
    public CommitmentAttested? AttestationAsOf(DateOnly date) =>
        Entries.OfType<CommitmentAttested>().LastOrDefault(a => a.On <= date);
}

/// <summary>What a commitment says on a given date.</summary>
public sealed record Shape(Term Term, Scope Scope, string Statement);
