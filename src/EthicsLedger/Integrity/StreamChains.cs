using EthicsLedger.Entries;

namespace EthicsLedger.Integrity;

/// <summary>A stream's last event as the ledger holds it: its version, digest and recorded time.</summary>
public readonly record struct ChainHead(long Version, string Digest, DateTimeOffset Recorded);

/// <summary>Where each stream's chain stands — its version and last digest — so new events can be chained onto it.</summary>
public sealed class StreamChains
{
    readonly Dictionary<string, (long Version, string Digest)> _heads = [];

    /// <summary>Reads the heads from entries already in the ledger, given in recording order.</summary>
    public StreamChains(IEnumerable<Entry> recorded)
    {
        foreach (var entry in recorded)
        {
            var stream = Streams.Of(entry);
            _heads[stream] = (Version(stream) + 1, entry.Digest);
        }
    }

    /// <summary>Starts from each stream's head as the ledger holds it (streams not named are new).</summary>
    public StreamChains(IReadOnlyDictionary<string, ChainHead> heads) => _heads = heads.ToDictionary(h => h.Key, h => (h.Value.Version, h.Value.Digest));

    public long Version(string stream) => _heads.TryGetValue(stream, out var head) ? head.Version : 0;

    /// <summary>Chains a new entry onto its stream and returns it with its digest.</summary>
    public Entry Append(Entry entry)
    {
        var stream = Streams.Of(entry);
        var (version, previous) = _heads.TryGetValue(stream, out var head) ? head : (0, EventDigest.Genesis);
        var chained = entry with { Digest = EventDigest.Compute(previous, entry, stream, version + 1) };
        _heads[stream] = (version + 1, chained.Digest);
        return chained;
    }
}
