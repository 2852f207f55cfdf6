namespace EthicsLedger.Entries;

public sealed record Source
{
    public required string Url { get; init; }
    public string? Title { get; init; }
    public string? Publisher { get; init; }
    public DateOnly? Published { get; init; }
    public string? Quote { get; init; }
    public string? Kind { get; init; }
}

public sealed record Identifiers
{
    public string? Wikidata { get; init; }
    public string? Lei { get; init; }
}

/// <summary>What a commitment covers. An empty list means "any".</summary>
public sealed record Scope
{
    public static readonly Scope Any = new();
    public IReadOnlyList<string> Activities { get; init; } = [];
    public IReadOnlyList<string> Counterparties { get; init; } = [];
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> Exceptions { get; init; } = [];
}

/// <summary>
/// A term as written. Each of until, condition and due is either not named (keep the old value),
/// named as null (clear it) or named with a value; <c>from</c> cannot be null.
/// </summary>
public sealed record TermPatch
{
    public DateOnly? From { get; init; }
    public bool NamesUntil { get; init; }
    public DateOnly? Until { get; init; }
    public bool NamesCondition { get; init; }
    public string? Condition { get; init; }
    public bool NamesDue { get; init; }
    public DateOnly? Due { get; init; }
}

public static class Kinds
{
    public static readonly IReadOnlySet<string> Commitment = new HashSet<string> { "pledge", "moratorium", "divestment", "exit", "policy" };
    public static readonly IReadOnlySet<string> Source = new HashSet<string> { "self-declaration", "press", "regulator", "ngo", "court", "audit", "other" };
    public static readonly IReadOnlySet<string> Verdict = new HashSet<string> { "kept", "broken", "inconclusive" };
}
