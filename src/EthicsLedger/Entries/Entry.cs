using System.Text.Json.Serialization;

namespace EthicsLedger.Entries;

/// <summary>
/// One line of the ledger, as the user wrote it, plus what the ledger stamps on it at append:
/// the organization it concerns, when it was recorded, and its content hash.
/// Stored as a Marten event; <see cref="EntryTypes"/> gives each type its stable stored name.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$entry")]
[JsonDerivedType(typeof(OrganizationRegistered), EntryTypes.OrganizationRegistered)]
[JsonDerivedType(typeof(CommitmentMade), EntryTypes.CommitmentMade)]
[JsonDerivedType(typeof(CommitmentAmended), EntryTypes.CommitmentAmended)]
[JsonDerivedType(typeof(CommitmentConditionMet), EntryTypes.CommitmentConditionMet)]
[JsonDerivedType(typeof(CommitmentFulfilled), EntryTypes.CommitmentFulfilled)]
[JsonDerivedType(typeof(CommitmentWithdrawn), EntryTypes.CommitmentWithdrawn)]
[JsonDerivedType(typeof(ConductObserved), EntryTypes.ConductObserved)]
[JsonDerivedType(typeof(ViolationAlleged), EntryTypes.ViolationAlleged)]
[JsonDerivedType(typeof(FlagConfirmed), EntryTypes.FlagConfirmed)]
[JsonDerivedType(typeof(FlagDismissed), EntryTypes.FlagDismissed)]
[JsonDerivedType(typeof(CommitmentAttested), EntryTypes.CommitmentAttested)]
public abstract record Entry
{
    /// <summary>Written by the user on registrations, commitments made and conduct; resolved from the commitment otherwise.</summary>
    public string Org { get; init; } = "";

    /// <summary>When the ledger learned it (UTC), set at append and never by the user.</summary>
    public DateTimeOffset Recorded { get; init; }

    /// <summary>
    /// Who recorded it (<see cref="Recorders"/>): the API key's identity, or the command line's user; set at append,
    /// never by the user, and covered by the digest. Null on events recorded before 0.9.
    /// </summary>
    public string? RecordedBy { get; init; }

    /// <summary>Line number in the file it was imported from: the last tie-break of the fold order.</summary>
    public int Line { get; init; }

    /// <summary>The line as the user wrote it, in canonical form (sorted keys, no white space): the source of truth the typed fields are read from.</summary>
    public string Content { get; init; } = "";

    /// <summary>SHA-256 of <see cref="Content"/>: how the ledger recognises a line it already holds.</summary>
    public string ContentHash { get; init; } = "";

    /// <summary>The event's digest, chained to the previous event of its stream (see docs/verification.md).</summary>
    public string Digest { get; init; } = "";

    [JsonIgnore] public abstract string Type { get; }

    /// <summary>When it happened in the world; null only for a registration, which has no world date.</summary>
    [JsonIgnore] public abstract DateOnly? Date { get; }
}

/// <summary>An entry with a world date and (usually) its source.</summary>
public abstract record DatedEntry : Entry
{
    public required DateOnly On { get; init; }
    public Source? Source { get; init; }
    public override DateOnly? Date => On;
}

/// <summary>An entry on one commitment's stream.</summary>
public abstract record CommitmentEntry : DatedEntry
{
    public required string Commitment { get; init; }
}

/// <summary>Ends a commitment: condition met, fulfilled or withdrawn.</summary>
public abstract record EndingEntry : CommitmentEntry
{
    [JsonIgnore] public abstract string EndedStatus { get; }
}

/// <summary>Confirms or dismisses a flag.</summary>
public abstract record FindingEntry : CommitmentEntry
{
    public required string Flag { get; init; }
    public required string By { get; init; }
    [JsonIgnore] public abstract string State { get; }
}
