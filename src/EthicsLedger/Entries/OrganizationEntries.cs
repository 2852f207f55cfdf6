namespace EthicsLedger.Entries;

public sealed record OrganizationRegistered : Entry
{
    public required string Name { get; init; }
    public IReadOnlyList<string>? Aliases { get; init; }
    public Identifiers? Identifiers { get; init; }
    public override string Type => EntryTypes.OrganizationRegistered;
    public override DateOnly? Date => null;
}

public sealed record ConductObserved : DatedEntry
{
    public required string Id { get; init; }
    public required string Topic { get; init; }
    public required string Activity { get; init; }
    public string? Counterparty { get; init; }
    public string? Region { get; init; }
    public required string Description { get; init; }
    public override string Type => EntryTypes.ConductObserved;
}
