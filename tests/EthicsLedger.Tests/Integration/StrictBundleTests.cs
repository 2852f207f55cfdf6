using System.Numerics;
using System.Text;
using System.Text.Json;
using EthicsLedger.Integrity;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Integration;

/// <summary>
/// An exporter holding the genuine key — the operator — changes a bundle and signs it again. What
/// the bundle promises (every leaf of its tree, only its organization's streams, one encoding of
/// everything signed) must still make the verifier refuse it.
/// </summary>
public class StrictBundleTests : IClassFixture<StrictBundleTests.Signed>
{
    public sealed class Signed : LedgerFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await StoryInParts.ImportAsync(this);
            (await RunAsync("checkpoint")).Exit.ShouldBe(0);
        }

        public byte[] PinnedKey
        {
            get
            {
                using var key = LedgerKey.LoadOrCreate(KeysFolder);
                return key.PublicKey;
            }
        }
    }

    static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);
    readonly Signed _fixture;
    public StrictBundleTests(Signed fixture) => _fixture = fixture;

    async Task<byte[]> ExportAsync(params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"strict-{Guid.NewGuid():N}.json");
        var run = await _fixture.RunAsync(["export", path, .. options]);
        run.Exit.ShouldBe(0, run.ToString());
        return await File.ReadAllBytesAsync(path);
    }

    IReadOnlyList<string> Verify(byte[] file) => BundleVerifier.Verify(file, _fixture.PinnedKey);

    /// <summary>Signs a changed body with the ledger's own key, as the operator could.</summary>
    byte[] Resigned(byte[] body)
    {
        using var key = LedgerKey.LoadOrCreate(_fixture.KeysFolder);
        var signature = JsonSerializer.SerializeToUtf8Bytes(new BundleSignature(key.Id, Convert.ToHexStringLower(key.Sign(body))), BundleVerifier.Json);
        return [.. body, (byte)'\n', .. signature, (byte)'\n'];
    }

    byte[] Edited(byte[] file, Func<Bundle, Bundle> change)
    {
        var bundle = JsonSerializer.Deserialize<Bundle>(file.AsSpan(0, Array.IndexOf(file, (byte)'\n')), BundleVerifier.Json)!;
        return Resigned(JsonSerializer.SerializeToUtf8Bytes(change(bundle), BundleVerifier.Json));
    }

    byte[] EditedText(byte[] file, Func<string, string> change)
    {
        var body = Encoding.UTF8.GetString(file, 0, Array.IndexOf(file, (byte)'\n'));
        var changed = change(body);
        changed.ShouldNotBe(body);
        return Resigned(Encoding.UTF8.GetBytes(changed));
    }

    [Fact]
    public async Task a_bundle_signed_again_unchanged_checks_out_so_each_refusal_below_is_the_change_s_doing()
    {
        Verify(Edited(await ExportAsync(), b => b)).ShouldBeEmpty();
        Verify(Edited(await ExportAsync("--org", "amazon"), b => b)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_whole_ledger_bundle_missing_a_covered_event_is_refused()
    {
        var file = await ExportAsync();
        var dropped = Edited(file, b => b with { Events = b.Events.Where(e => !(e.Stream == "org:ibm" && e.Version == 2)).ToList() });

        Verify(dropped).ShouldContain(p => p.Contains("events are missing"));
    }

    [Fact]
    public async Task a_whole_ledger_bundle_missing_a_whole_stream_is_refused()
    {
        var dropped = Edited(await ExportAsync(), b => b with { Events = b.Events.Where(e => e.Stream != "commitment:ibm-facial-recognition-exit").ToList() });

        Verify(dropped).ShouldContain(p => p.Contains("events are missing"));
    }

    [Fact]
    public async Task a_bundle_exported_after_a_stream_s_last_event_was_deleted_by_sql_is_refused()
    {
        await using var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        await StoryInParts.ImportAsync(fixture);
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        await fixture.ExecuteAsync($"delete from {fixture.Schema}.mt_events where stream_id = 'org:amazon' and version = 2");
        var path = Path.Combine(Path.GetTempPath(), $"deleted-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", path)).Exit.ShouldBe(0);

        var run = await fixture.RunAsync("verify-bundle", path, "--public-key", Path.Combine(fixture.KeysFolder, "ledger-signing-key.pub.pem"));

        run.Exit.ShouldBe(3, run.ToString());
        run.Console.ShouldContain("events are missing");
    }

    [Fact]
    public async Task an_organization_s_bundle_relabelled_as_another_s_is_refused()
    {
        var relabelled = Edited(await ExportAsync("--org", "amazon"), b => b with { Org = "microsoft" });

        Verify(relabelled).ShouldContain(p => p.Contains("belongs to 'amazon'"));
    }

    [Fact]
    public async Task a_bundle_dated_before_its_own_checkpoints_is_refused()
    {
        var early = Edited(await ExportAsync(), b => b with { ExportedAt = b.Checkpoints[0].SignedAt.AddSeconds(-1) });

        Verify(early).ShouldContain(p => p.Contains("after the bundle says it was exported"));
    }

    [Fact]
    public async Task a_duplicate_key_is_refused()
    {
        var file = await ExportAsync();
        var duplicated = EditedText(file, body => body.Replace("{\"format\":", "{\"org\":null,\"format\":"));

        Verify(duplicated).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task hex_in_upper_case_is_refused_even_where_every_hash_still_matches()
    {
        var file = await ExportAsync();
        var proof = JsonDocument.Parse(file.AsMemory(0, Array.IndexOf(file, (byte)'\n'))).RootElement
            .GetProperty("events").EnumerateArray().First(e => e.GetProperty("inclusion").ValueKind == JsonValueKind.Array && e.GetProperty("inclusion").GetArrayLength() > 0)
            .GetProperty("inclusion")[0].GetString()!;
        var upper = EditedText(file, body => body.Replace(proof, proof.ToUpperInvariant()));

        Verify(upper).ShouldContain(p => p.Contains("lowercase hex"));
    }

    [Fact]
    public async Task a_malleated_signature_s_to_n_minus_s_is_refused_on_the_bundle_and_on_a_checkpoint()
    {
        var file = await ExportAsync();
        var lines = Encoding.UTF8.GetString(file).Split('\n');
        var signature = JsonSerializer.Deserialize<BundleSignature>(lines[1], BundleVerifier.Json)!;
        var malleated = Encoding.UTF8.GetBytes(lines[0] + "\n" +
            JsonSerializer.Serialize(signature with { Signature = Malleate(signature.Signature) }, BundleVerifier.Json) + "\n");
        Verify(malleated).ShouldContain(p => p.Contains("signature"));

        var checkpoint = Edited(file, b => b with { Checkpoints = [b.Checkpoints[0] with { Signature = Malleate(b.Checkpoints[0].Signature) }, .. b.Checkpoints.Skip(1)] });
        Verify(checkpoint).ShouldContain(p => p.Contains("checkpoint of size"));
    }

    const string Moratorium = "commitment:amazon-rekognition-police-moratorium";

    [Fact]
    public async Task an_organization_s_bundle_without_one_of_its_commitment_streams_is_refused_whether_or_not_its_map_leaf_is_dropped_too()
    {
        var file = await ExportAsync("--org", "amazon");

        var eventsOnly = Edited(file, b => b with { Events = b.Events.Where(e => e.Stream != Moratorium).ToList() });
        var andLeaf = Edited(file, b => b with
        {
            Events = b.Events.Where(e => e.Stream != Moratorium).ToList(),
            Streams = b.Streams! with { Heads = b.Streams.Heads.Where(h => h.Stream != Moratorium).ToList() },
        });

        Verify(eventsOnly).ShouldContain(p => p.Contains(Moratorium) && p.Contains("does not hold that event"));
        Verify(andLeaf).ShouldContain(p => p.Contains("no stream of 'amazon'"));
    }

    [Fact]
    public async Task an_organization_s_bundle_without_the_last_covered_event_of_a_stream_is_refused()
    {
        var file = await ExportAsync("--org", "amazon");

        var cut = Edited(file, b => b with { Events = b.Events.Where(e => !(e.Stream == "org:amazon" && e.Version == 2)).ToList() });

        Verify(cut).ShouldContain(p => p.Contains("org:amazon") && p.Contains("stood at version 2"));
    }

    [Fact]
    public async Task an_organization_s_bundle_that_proves_nothing_about_its_streams_is_refused()
    {
        var unproved = Edited(await ExportAsync("--org", "amazon"), b => b with { Streams = null });

        Verify(unproved).ShouldContain(p => p.Contains("must prove it holds every stream"));
    }

    [Fact]
    public async Task an_organization_s_bundle_proves_its_run_of_the_stream_map_with_a_neighbour_on_each_side()
    {
        var file = await ExportAsync("--org", "amazon");
        var bundle = JsonSerializer.Deserialize<Bundle>(file.AsSpan(0, Array.IndexOf(file, (byte)'\n')), BundleVerifier.Json)!;

        bundle.Streams!.Heads.Select(h => h.Stream).ShouldBe(["commitment:amazon-rekognition-police-moratorium", "org:amazon"]);
        bundle.Streams.Before.ShouldBeNull(); // "amazon" sorts first of the three
        bundle.Streams.After!.Org.ShouldBe("ibm");
    }

    [Fact]
    public async Task each_stream_map_leaf_in_a_bundle_holds_exactly_the_documented_members()
    {
        var file = await ExportAsync("--org", "amazon");
        var streams = JsonDocument.Parse(file.AsMemory(0, Array.IndexOf(file, (byte)'\n'))).RootElement.GetProperty("streams");

        foreach (var leaf in streams.GetProperty("heads").EnumerateArray().Append(streams.GetProperty("after")))
            leaf.EnumerateObject().Select(p => p.Name).ShouldBe(["index", "org", "stream", "version", "digest", "inclusion"]);
    }

    [Fact]
    public async Task a_second_stream_map_signed_for_a_tree_the_auditor_trusts_is_refused()
    {
        var file = await ExportAsync("--org", "amazon");
        var trusted = TrustedCheckpoint.Read(file);
        using var key = LedgerKey.LoadOrCreate(_fixture.KeysFolder);
        var forged = Edited(file, b =>
        {
            var latest = b.Checkpoints[^1];
            var map = (b.Streams!.Heads.Select(h => h.Head).Where(h => h.Stream != Moratorium)).ToList();
            var statement = Checkpoint.Statement(latest.TreeSize, latest.RootHash, map.Count, Convert.ToHexStringLower(StreamMap.Root(map)), latest.SignedAt, key.Id);
            return b with
            {
                Checkpoints = [.. b.Checkpoints.SkipLast(1), latest with
                {
                    StreamCount = map.Count, StreamsRoot = Convert.ToHexStringLower(StreamMap.Root(map)), Signature = Convert.ToHexStringLower(key.Sign(statement)),
                }],
            };
        });

        BundleVerifier.Verify(forged, [_fixture.PinnedKey], trusted).ShouldContain(p => p.Contains("another stream map"));
    }

    [Fact]
    public async Task the_signature_line_in_upper_case_hex_is_refused()
    {
        var lines = Encoding.UTF8.GetString(await ExportAsync()).Split('\n');
        var signature = JsonSerializer.Deserialize<BundleSignature>(lines[1], BundleVerifier.Json)!;
        var upper = Encoding.UTF8.GetBytes(lines[0] + "\n" + JsonSerializer.Serialize(signature with { Signature = signature.Signature.ToUpperInvariant() }, BundleVerifier.Json) + "\n");

        Verify(upper).ShouldContain(p => p.Contains("signature line"));
    }

    [Fact]
    public async Task consistency_proofs_repeated_or_out_of_order_a_note_of_another_tree_a_key_listed_twice_or_streams_in_a_whole_bundle_are_refused()
    {
        var file = await ExportAsync();

        Verify(Edited(file, b => b with { Consistency = [.. b.Consistency, .. b.Consistency] })).ShouldContain(p => p.Contains("exactly one proof"));
        Verify(Edited(file, b => b with { Note = "hello\n" })).ShouldContain(p => p.Contains("note"));
        Verify(Edited(file, b => b with { PublicKeys = [.. b.PublicKeys, .. b.PublicKeys] })).ShouldContain(p => p.Contains("listed twice"));
        Verify(Edited(file, b => b with { Streams = new BundleStreams([], null, null) })).ShouldContain(p => p.Contains("only there"));
    }

    [Fact]
    public async Task leaf_indexes_that_do_not_rise_with_sequence_numbers_are_refused()
    {
        var swapped = Edited(await ExportAsync(), b =>
        {
            var events = b.Events.ToList();
            var (first, second) = (events[0], events[1]);
            events[0] = first with { LeafIndex = second.LeafIndex, Inclusion = second.Inclusion };
            events[1] = second with { LeafIndex = first.LeafIndex, Inclusion = first.Inclusion };
            return b with { Events = events };
        });

        Verify(swapped).ShouldContain(p => p.Contains("leaf indexes must rise"));
    }

    [Fact]
    public async Task a_whole_ledger_bundle_with_any_one_byte_changed_is_rejected()
    {
        var original = await ExportAsync();
        Verify(original).ShouldBeEmpty();

        var accepted = new List<int>();
        for (var i = 0; i < original.Length; i++)
        {
            var altered = (byte[])original.Clone();
            altered[i] ^= 0x01;
            if (Verify(altered).Count == 0) accepted.Add(i);
        }

        accepted.ShouldBeEmpty();
    }

    /// <summary>The same signature's other encoding, (r, n − s): valid ECDSA, refused by the ledger's one-encoding rule.</summary>
    static string Malleate(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var s = new BigInteger(bytes.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var other = (Order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.AsSpan(32).Clear();
        other.CopyTo(bytes.AsSpan(64 - other.Length));
        return Convert.ToHexStringLower(bytes);
    }
}
