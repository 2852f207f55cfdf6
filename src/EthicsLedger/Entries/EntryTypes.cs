namespace EthicsLedger.Entries;

/// <summary>The contract's entry type names, which are also the events' stored names: renaming a class never orphans history.</summary>
public static class EntryTypes
{
    public const string OrganizationRegistered = "organization.registered";
    public const string CommitmentMade = "commitment.made";
    public const string CommitmentAmended = "commitment.amended";
    public const string CommitmentConditionMet = "commitment.condition-met";
    public const string CommitmentFulfilled = "commitment.fulfilled";
    public const string CommitmentWithdrawn = "commitment.withdrawn";
    public const string ConductObserved = "conduct.observed";
    public const string ViolationAlleged = "violation.alleged";
    public const string FlagConfirmed = "flag.confirmed";
    public const string FlagDismissed = "flag.dismissed";
    public const string CommitmentAttested = "commitment.attested";

    public static readonly IReadOnlyDictionary<string, Type> ClrTypes = new Dictionary<string, Type>
    {
        [OrganizationRegistered] = typeof(Entries.OrganizationRegistered),
        [CommitmentMade] = typeof(Entries.CommitmentMade),
        [CommitmentAmended] = typeof(Entries.CommitmentAmended),
        [CommitmentConditionMet] = typeof(Entries.CommitmentConditionMet),
        [CommitmentFulfilled] = typeof(Entries.CommitmentFulfilled),
        [CommitmentWithdrawn] = typeof(Entries.CommitmentWithdrawn),
        [ConductObserved] = typeof(Entries.ConductObserved),
        [ViolationAlleged] = typeof(Entries.ViolationAlleged),
        [FlagConfirmed] = typeof(Entries.FlagConfirmed),
        [FlagDismissed] = typeof(Entries.FlagDismissed),
        [CommitmentAttested] = typeof(Entries.CommitmentAttested),
    };
}
