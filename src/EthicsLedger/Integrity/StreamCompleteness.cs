namespace EthicsLedger.Integrity;

/// <summary>
/// Checks that a bundle holds every stream its latest checkpoint's stream map says there is: for an
/// organization's bundle, through the proofs it carries (its run of map leaves, each proved, bounded by
/// leaves of other organizations); for a whole-ledger bundle, by rebuilding the map from its events.
/// </summary>
public static class StreamCompleteness
{
    public static IEnumerable<string> Problems(Bundle bundle)
    {
        var latest = bundle.Checkpoints.Count == 0 ? null : bundle.Checkpoints[^1];
        if (latest is null) return bundle.Streams is null ? [] : ["the bundle proves streams but holds no checkpoint"];
        if (latest.StreamsRoot is null || latest.StreamCount is null)
            return bundle.Org is null ? [] : ["its latest checkpoint predates stream maps, so it cannot prove it holds every stream: run checkpoint, then export again"];
        return bundle.Org is { } org ? OrganizationProblems(bundle, org, latest) : WholeLedgerProblems(bundle, latest);
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

    static IEnumerable<string> WholeLedgerProblems(Bundle bundle, Checkpoint latest)
    {
        var owners = bundle.Events.GroupBy(e => e.Stream)
            .ToDictionary(g => g.Key, g => BundleShape.OwnerOf(g.Key, g.MinBy(e => e.Version)!) ?? "");
        var leaves = bundle.Events.Where(e => e.LeafIndex is not null).OrderBy(e => e.LeafIndex)
            .Select(e => (Org: owners[e.Stream], e.Stream, e.Version, e.Digest));
        var map = StreamMap.At(leaves, latest.TreeSize);
        if (map.Count != latest.StreamCount || Convert.ToHexStringLower(StreamMap.Root(map)) != latest.StreamsRoot)
            yield return "its events' streams do not hash to the stream map its latest checkpoint signs";
    }

    static bool Proved(BundleStreamHead leaf, long size, byte[] root) =>
        leaf.Index >= 0 && leaf.Index < size && leaf.Inclusion.All(h => BundleShape.IsHex(h, 64))
        && MerkleTree.VerifyInclusion(leaf.Head.Leaf(), leaf.Index, size, leaf.Inclusion.Select(Convert.FromHexString).ToList(), root);
}
