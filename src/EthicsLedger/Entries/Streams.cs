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

/// <summary>
/// What a stream is named after — a commitment, or an organization — before its name is made: a file's lines share
/// these ids, so grouping by it makes each stream's name once, not once per line.
/// </summary>
public readonly record struct StreamId(string Id, bool IsCommitment)
{
    public string Name => IsCommitment ? Streams.ForCommitment(Id) : Streams.ForOrg(Id);
}
