using EthicsLedger.Entries;

namespace EthicsLedger.Rules;

/// <summary>A commitment's term in effect: <c>until</c> is exclusive, null means open-ended.</summary>
public sealed record Term(DateOnly From, DateOnly? Until, string? Condition, DateOnly? Due)
{
    /// <summary>The term a commitment starts with: <c>from</c> defaults to the day it was made.</summary>
    public static Term Of(CommitmentMade made) => new Term(made.On, null, null, null).With(made.Term);

    /// <summary>A written term changes only the fields it names, and keeps the others.</summary>
    public Term With(TermPatch? patch) => patch is null
        ? this
        : new Term(
            patch.From ?? From,
            patch.NamesUntil ? patch.Until : Until,
            patch.NamesCondition ? patch.Condition : Condition,
            patch.NamesDue ? patch.Due : Due);

    /// <summary>Why this term cannot be, or null when it can.</summary>
    public string? Problem =>
        Until <= From ? $"the term ends (until {Until:yyyy-MM-dd}) on or before it starts (from {From:yyyy-MM-dd})"
        : Due < From ? $"the term is due ({Due:yyyy-MM-dd}) before it starts (from {From:yyyy-MM-dd})"
        : null;
}
