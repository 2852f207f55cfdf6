namespace EthicsLedger.Entries;

/// <summary>
/// A stream per organization (its registration and conduct) and per commitment (everything said
/// about it), so optimistic concurrency is as fine-grained as the facts. Keys are prefixed because
/// an organization and a commitment may share a slug.
/// </summary>
public static class Streams
{
    public static string ForOrg(string org) => $"org:{org}";
    public static string ForCommitment(string commitment) => $"commitment:{commitment}";

    public static string Of(Entry entry) => entry is CommitmentEntry c ? ForCommitment(c.Commitment) : ForOrg(entry.Org);
}
