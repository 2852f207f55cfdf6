using EthicsLedger.Entries;
using EthicsLedger.Rules;

namespace EthicsLedger.Projections.Organizations;

/// <summary>
/// Every entry about one organization — its own stream and all its commitments' streams — in
/// recording order: the evaluator's whole input, so a stance reads this one document.
/// </summary>
public sealed class OrganizationHistory
{
    /// <summary>The organization's slug.</summary>
    public string Id { get; set; } = "";

    public List<Entry> Entries { get; set; } = [];

    /// <summary>The conduct ids it holds: conduct ids are unique ledger-wide, and this is how an import finds their owner.</summary>
    public List<string> ConductIds { get; set; } = [];

    public OrganizationLedger Ledger(DateTimeOffset knownAt) => OrganizationLedger.Of(Id, Entries, knownAt);
}
