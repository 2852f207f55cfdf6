using System.Text.Json;
using EthicsLedger.Parsing;

namespace EthicsLedger.Integrity;

/// <summary>
/// What a bundle must look like before any hash is checked: hex in lower case and of the right
/// length, events in sequence order, an export no earlier than what it exports, and an
/// organization's bundle holding that organization's streams and nothing else.
/// </summary>
public static class BundleShape
{
    public static IEnumerable<string> Problems(Bundle bundle, BundleSignature signature)
    {
        if (!IsHex(signature.KeyId, 16) || !IsHex(signature.Signature, 128))
            yield return "the signature line's key id and signature must be lowercase hex of 16 and 128 digits";
        foreach (var k in bundle.PublicKeys)
            if (!IsHex(k.KeyId, 16)) yield return $"public key id '{k.KeyId}' is not 16 lowercase hex digits";
        if (bundle.PublicKeys.Select(k => k.KeyId).Distinct().Count() != bundle.PublicKeys.Count)
            yield return "a public key is listed twice";
        if ((bundle.Org is null) != (bundle.Streams is null))
            yield return "streams are proved in an organization's bundle, and only there";
        foreach (var c in bundle.Checkpoints)
        {
            if (!IsHex(c.RootHash, 64) || !IsHex(c.Signature, 128) || !IsHex(c.KeyId, 16))
                yield return $"checkpoint of size {c.TreeSize}: its root, signature and key id must be lowercase hex of 64, 128 and 16 digits";
            if (c.SignedAt > bundle.ExportedAt)
                yield return $"checkpoint of size {c.TreeSize} was signed at {EventDigest.Timestamp(c.SignedAt)}, after the bundle says it was exported";
        }
        for (var i = 1; i < bundle.Checkpoints.Count; i++)
            if (bundle.Checkpoints[i].TreeSize <= bundle.Checkpoints[i - 1].TreeSize || bundle.Checkpoints[i].SignedAt < bundle.Checkpoints[i - 1].SignedAt)
                yield return "checkpoints must be in order of tree size, each larger and signed no earlier than the one before";
        // Exactly one proof per pair of consecutive checkpoints, in their order.
        if (bundle.Consistency.Count != Math.Max(0, bundle.Checkpoints.Count - 1)
            || bundle.Consistency.Where((p, i) => p.From != bundle.Checkpoints[i].TreeSize || p.To != bundle.Checkpoints[i + 1].TreeSize).Any())
            yield return "consistency must hold exactly one proof for each pair of consecutive checkpoints, in their order";
        foreach (var p in bundle.Consistency.Where(p => !p.Proof.All(h => IsHex(h, 64))))
            yield return $"consistency proof {p.From} to {p.To}: every hash must be 64 lowercase hex digits";
        for (var i = 0; i < bundle.Events.Count; i++)
        {
            var e = bundle.Events[i];
            if (i > 0 && e.Sequence <= bundle.Events[i - 1].Sequence)
                yield return $"{e.Stream} version {e.Version}: events must be in order of sequence, each once";
            if (!IsHex(e.Digest, 64) || !IsHex(e.ContentHash, 64) || !(e.Inclusion ?? []).All(h => IsHex(h, 64)))
                yield return $"{e.Stream} version {e.Version}: its digest, content hash and proof must be 64 lowercase hex digits each";
            if ((e.LeafIndex is null) != (e.Inclusion is null))
                yield return $"{e.Stream} version {e.Version}: a leaf index and its inclusion proof come together";
            if (ContentProblem(e) is { } content) yield return $"{e.Stream} version {e.Version}: {content}";
        }
        // The tree took events in sequence order, and a stream's versions come in that order too.
        var placed = bundle.Events.Where(e => e.LeafIndex is not null).ToList();
        if (placed.Zip(placed.Skip(1)).Any(p => p.Second.LeafIndex <= p.First.LeafIndex))
            yield return "leaf indexes must rise with sequence numbers";
        foreach (var stream in bundle.Events.GroupBy(e => e.Stream))
            if (stream.Zip(stream.Skip(1)).Any(p => p.Second.Version <= p.First.Version))
                yield return $"{stream.Key}: its versions must rise with sequence numbers";
        if (bundle.Org is { } org)
        {
            if (!Slugs.IsSlug(org)) yield return $"'{org}' is not an organization's slug";
            foreach (var stream in bundle.Events.GroupBy(e => e.Stream))
                if (OwnerOf(stream.Key, stream.MinBy(e => e.Version)!) is var owner && owner != org)
                    yield return $"{stream.Key} belongs to '{owner ?? "no organization"}', not to '{org}' whose bundle this says it is";
        }
    }

    /// <summary>The content must be an entry of the event's type, on the event's stream (docs/verification.md: which stream an entry is on).</summary>
    static string? ContentProblem(BundleEvent e)
    {
        Entries.Entry entry;
        try { entry = EntryParser.Reread(e.Content); }
        catch (EntryException) { return "its content is not an entry"; }
        if (entry.Type != e.Type) return $"its content is a {entry.Type}, not a {e.Type}";
        var stream = entry is Entries.CommitmentEntry c ? Entries.Streams.ForCommitment(c.Commitment) : Entries.Streams.ForOrg(entry.Org);
        return stream == e.Stream ? null : $"its content belongs on {stream}";
    }

    /// <summary>An organization's own stream names it; a commitment's stream names it in the commitment.made that starts it.</summary>
    public static string? OwnerOf(string stream, BundleEvent first)
    {
        if (stream.StartsWith("org:", StringComparison.Ordinal)) return stream["org:".Length..];
        if (first.Version != 1 || first.Type != "commitment.made") return null;
        try
        {
            using var content = JsonDocument.Parse(first.Content);
            return content.RootElement.TryGetProperty("org", out var org) ? org.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsHex(string text, int length) => text.Length == length && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
