using EthicsLedger.Entries;

namespace EthicsLedger.Rules;

/// <summary>Everything the ledger knows about one organization at a moment: the evaluator's whole input.</summary>
public sealed class OrganizationLedger
{
    OrganizationLedger(string org, OrganizationRegistered? registration, IReadOnlyList<ConductObserved> conducts,
        IReadOnlyDictionary<string, CommitmentTimeline> commitments)
    {
        Org = org;
        Registration = registration;
        Conducts = conducts;
        Commitments = commitments;
    }

    public string Org { get; }
    public OrganizationRegistered? Registration { get; }
    public IReadOnlyList<ConductObserved> Conducts { get; }
    public IReadOnlyDictionary<string, CommitmentTimeline> Commitments { get; }

    /// <summary>Folds the entries recorded at or before <paramref name="knownAt"/>; later ones do not exist yet.</summary>
    public static OrganizationLedger Of(string org, IEnumerable<Entry> entries, DateTimeOffset knownAt)
    {
        var known = entries.Where(e => e.Org == org && e.Recorded <= knownAt).ToList();
        return new OrganizationLedger(
            org,
            known.OfType<OrganizationRegistered>().FirstOrDefault(),
            known.OfType<ConductObserved>().Order<ConductObserved>(FoldOrder.Comparer).ToList(),
            known.OfType<CommitmentEntry>()
                .GroupBy(e => e.Commitment)
                .ToDictionary(g => g.Key, g => new CommitmentTimeline(g)));
    }
}
