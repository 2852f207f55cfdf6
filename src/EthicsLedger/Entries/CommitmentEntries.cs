namespace EthicsLedger.Entries;

public sealed record CommitmentMade : CommitmentEntry
{
    public required string Kind { get; init; }
    public required string Topic { get; init; }
    public required string Statement { get; init; }
    public Scope? Scope { get; init; }
    public TermPatch? Term { get; init; }
    public override string Type => EntryTypes.CommitmentMade;
}

public sealed record CommitmentAmended : CommitmentEntry
{
    public string? Reason { get; init; }
    public string? Statement { get; init; }
    public Scope? Scope { get; init; }
    public TermPatch? Term { get; init; }
    public override string Type => EntryTypes.CommitmentAmended;
}

public sealed record CommitmentConditionMet : EndingEntry
{
    public string? Note { get; init; }
    public override string Type => EntryTypes.CommitmentConditionMet;
    public override string EndedStatus => Statuses.Released;
}

public sealed record CommitmentFulfilled : EndingEntry
{
    public string? Note { get; init; }
    public override string Type => EntryTypes.CommitmentFulfilled;
    public override string EndedStatus => Statuses.Fulfilled;
}

public sealed record CommitmentWithdrawn : EndingEntry
{
    public string? Reason { get; init; }
    public override string Type => EntryTypes.CommitmentWithdrawn;
    public override string EndedStatus => Statuses.Withdrawn;
}

public sealed record ViolationAlleged : CommitmentEntry
{
    public required string Flag { get; init; }
    public required string Allegation { get; init; }
    public string? By { get; init; }
    public override string Type => EntryTypes.ViolationAlleged;
}

public sealed record FlagConfirmed : FindingEntry
{
    public required string Finding { get; init; }
    public override string Type => EntryTypes.FlagConfirmed;
    public override string State => FlagStates.Confirmed;
}

public sealed record FlagDismissed : FindingEntry
{
    public required string Reason { get; init; }
    public override string Type => EntryTypes.FlagDismissed;
    public override string State => FlagStates.Dismissed;
}

public sealed record CommitmentAttested : CommitmentEntry
{
    public required string By { get; init; }
    public required string Verdict { get; init; }
    public required string Note { get; init; }
    public string? Methodology { get; init; }
    public override string Type => EntryTypes.CommitmentAttested;
}

public static class Statuses
{
    public const string Released = "released";
    public const string Fulfilled = "fulfilled";
    public const string Withdrawn = "withdrawn";
    public const string Announced = "announced";
    public const string Expired = "expired";
    public const string InForce = "in-force";
}

public static class FlagStates
{
    public const string Alleged = "alleged";
    public const string Confirmed = "confirmed";
    public const string Dismissed = "dismissed";
}

public static class FlagKinds
{
    public const string WithdrawnEarly = "withdrawn-early";
    public const string DeadlineMissed = "deadline-missed";
    public const string Violation = "violation";
    public const string ContradictingConduct = "contradicting-conduct";
}
