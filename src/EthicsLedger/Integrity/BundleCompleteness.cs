namespace EthicsLedger.Integrity;

/// <summary>
/// Checks that a bundle leaves nothing out that its latest checkpoint covers, even when the exporter
/// holds the key. A whole-ledger bundle holds every leaf of the tree, each once, and its streams
/// rebuild the checkpoint's stream map. An organization's bundle carries proofs: its run of the stream
/// map's leaves, each proved, bounded by leaves of other organizations.
/// </summary>
public static class BundleCompleteness
{
    public static IEnumerable<string> Problems(Bundle bundle)
    {
        var latest = bundle.Checkpoints.Count == 0 ? null : bundle.Checkpoints[^1];
        if (bundle.Org is not { } org) return WholeLedgerProblems(bundle, latest);
        if (latest is null) return bundle.Streams is null ? [] : ["the bundle proves streams but holds no checkpoint"];
        if (latest.StreamsRoot is null || latest.StreamCount is null)
            return ["its latest checkpoint predates stream maps, so it cannot prove it holds every stream: run checkpoint, then export again"];
        return OrganizationProblems(bundle, org, latest);
    }

    static IEnumerable<string> OrganizationProblems(Bundle bundle, string org, Checkpoint latest)
    {
        if (bundle.Streams is not { } streams) { yield return "an organization's bundle must prove it holds every stream of the organization (streams)"; yield break; }
        var root = Convert.FromHexString(latest.StreamsRoot!);
        var size = latest.StreamCount!.Value;
        foreach (var leaf in streams.Heads.Append(streams.Before).Append(streams.After).OfType<BundleStreamHead>())
            if (!Proved(leaf, size, root)) yield return $"stream map leaf {leaf.Index} ({leaf.Stream}) is not proved to be in the latest checkpoint's stream map";

        var heads = streams.Heads;
        if (heads.Any(h => h.Org != org)) yield return $"the stream heads it proves are not all of '{org}'";
        for (var i = 1; i < heads.Count; i++)
            if (heads[i].Index != heads[i - 1].Index + 1) yield return "the stream heads it proves are not one unbroken run of the map";
        // Where the organization's run starts and ends: the leaf before belongs to an earlier organization, the one after to a later.
        var start = heads.Count > 0 ? heads[0].Index : streams.After?.Index ?? size;
        var end = heads.Count > 0 ? heads[^1].Index + 1 : start;
        if (streams.Before is { } before ? before.Index != start - 1 || string.CompareOrdinal(before.Org, org) >= 0 : start != 0)
            yield return $"it does not prove that no stream of '{org}' comes before the ones it holds";
        if (streams.After is { } after ? after.Index != end || string.CompareOrdinal(after.Org, org) <= 0 : end != size)
            yield return $"it does not prove that no stream of '{org}' comes after the ones it holds";

        var covered = bundle.Events.Where(e => e.LeafIndex is not null).GroupBy(e => e.Stream).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Version)!);
        foreach (var head in heads)
            if (!covered.TryGetValue(head.Stream, out var last) || last.Version != head.Version || last.Digest != head.Digest)
                yield return $"{head.Stream}: the latest checkpoint says it stood at version {head.Version}, but the bundle does not hold that event";
        foreach (var stream in covered.Keys.Except(heads.Select(h => h.Stream)))
            yield return $"{stream}: the bundle holds it under the latest checkpoint, but the checkpoint's stream map does not";
    }

    static IEnumerable<string> WholeLedgerProblems(Bundle bundle, Checkpoint? latest)
    {
        var size = latest?.TreeSize ?? 0;
        var placed = bundle.Events.Where(e => e.LeafIndex is not null).ToList();
        var indexes = placed.Select(e => e.LeafIndex!.Value).ToList();
        if (indexes.Count != size || indexes.Distinct().Count() != indexes.Count || indexes.Any(l => l < 0 || l >= size))
            yield return $"the bundle holds {indexes.Distinct().Count(l => l >= 0 && l < size)} of the {size} events its latest checkpoint covers: events are missing or repeated";
        var lastCovered = placed.Select(e => e.Sequence).DefaultIfEmpty(0).Max();
        foreach (var e in bundle.Events.Where(e => e.LeafIndex is null && e.Sequence < lastCovered))
            yield return $"{e.Stream} version {e.Version}: it sits among events the latest checkpoint covers, but has no place in its tree";
        if (latest?.StreamsRoot is null) yield break;

        var owners = bundle.Events.GroupBy(e => e.Stream)
            .ToDictionary(g => g.Key, g => BundleShape.OwnerOf(g.Key, g.MinBy(e => e.Version)!) ?? "");
        var leaves = placed.OrderBy(e => e.LeafIndex).Select(e => (Org: owners[e.Stream], e.Stream, e.Version, e.Digest));
        var map = StreamMap.At(leaves, size);
        if (map.Count != latest.StreamCount || Convert.ToHexStringLower(StreamMap.Root(map)) != latest.StreamsRoot)
            yield return "its events' streams do not hash to the stream map its latest checkpoint signs";
    }

    static bool Proved(BundleStreamHead leaf, long size, byte[] root) =>
        leaf.Index >= 0 && leaf.Index < size && leaf.Inclusion.All(h => BundleShape.IsHex(h, 64))
        && MerkleTree.VerifyInclusion(leaf.Head.Leaf(), leaf.Index, size, leaf.Inclusion.Select(Convert.FromHexString).ToList(), root);
}
