using EthicsLedger.Entries;

namespace EthicsLedger.Projections.Organizations;

/// <summary>An organization's own stream: its registration and the conduct observed of it.</summary>
public sealed class OrganizationHistory
{
    /// <summary>The stream key, <c>org:&lt;slug&gt;</c>.</summary>
    public string Id { get; set; } = "";
    public string Org { get; set; } = "";

    /// <summary>Events on the stream: the expected version for the next append.</summary>
    public long StreamVersion { get; set; }

    public List<Entry> Entries { get; set; } = [];
}
