using System.Text.Json;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Integrity;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Integration;

public class BundleTests : IClassFixture<BundleTests.TwoCheckpoints>
{
    /// <summary>The demo story under one checkpoint, one more organization under a second.</summary>
    public sealed class TwoCheckpoints : LedgerFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            (await RunAsync("import", DemoCommand.StoryFile)).Exit.ShouldBe(0);
            (await RunAsync("checkpoint")).Exit.ShouldBe(0);
            (await ImportAsync(Json.Org("later"), Json.Made("later-c", "later", "2021-01-01"))).Exit.ShouldBe(0);
            (await RunAsync("checkpoint")).Exit.ShouldBe(0);
        }

        public string PublicKey => Path.Combine(KeysFolder, "ledger-signing-key.pub.pem");
    }

    readonly TwoCheckpoints _fixture;
    public BundleTests(TwoCheckpoints fixture) => _fixture = fixture;

    async Task<string> ExportAsync(params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bundle-{Guid.NewGuid():N}.json");
        var run = await _fixture.RunAsync(["export", path, .. options]);
        run.Exit.ShouldBe(0, run.ToString());
        return path;
    }

    [Fact]
    public async Task an_exported_bundle_verifies_offline_against_the_pinned_key()
    {
        var path = await ExportAsync();

        var run = await _fixture.RunAsync("verify-bundle", path, "--public-key", _fixture.PublicKey);

        run.Exit.ShouldBe(0, run.ToString());
        var bundle = JsonSerializer.Deserialize<Bundle>(File.ReadAllLines(path)[0], BundleVerifier.Json)!;
        bundle.Events.Count.ShouldBe(15);
        bundle.Checkpoints.Count.ShouldBe(2);
        bundle.Consistency.ShouldHaveSingleItem().From.ShouldBe(13);
        bundle.Events.ShouldAllBe(e => e.LeafIndex != null && e.Inclusion != null);
    }

    [Fact]
    public async Task an_organizations_bundle_holds_its_streams_whole_and_nothing_else()
    {
        var bundle = JsonSerializer.Deserialize<Bundle>(File.ReadAllLines(await ExportAsync("--org", "amazon"))[0], BundleVerifier.Json)!;

        bundle.Events.Select(e => e.Stream).Distinct().Order()
            .ShouldBe(["commitment:amazon-rekognition-police-moratorium", "org:amazon"]);
        bundle.Events.Where(e => e.Stream.StartsWith("commitment:")).Select(e => e.Version).ShouldBe([1L, 2L]);
    }

    [Fact]
    public async Task a_bundle_with_any_one_byte_changed_is_rejected()
    {
        var original = await File.ReadAllBytesAsync(await ExportAsync("--org", "amazon"));
        var key = File.ReadAllText(_fixture.PublicKey);
        using var ecdsa = System.Security.Cryptography.ECDsa.Create();
        ecdsa.ImportFromPem(key);
        var pinned = ecdsa.ExportSubjectPublicKeyInfo();
        BundleVerifier.Verify(original, pinned).ShouldBeEmpty();

        var accepted = new List<int>();
        for (var i = 0; i < original.Length; i++)
        {
            var altered = (byte[])original.Clone();
            altered[i] ^= 0x01;
            if (BundleVerifier.Verify(altered, pinned).Count == 0) accepted.Add(i);
        }

        accepted.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_bundle_signed_by_another_key_than_the_pinned_one_is_rejected()
    {
        var path = await ExportAsync("--org", "amazon");
        using var other = LedgerKey.LoadOrCreate(Path.Combine(Path.GetTempPath(), "other-key-" + Guid.NewGuid().ToString("N")));
        var otherPem = Path.Combine(Path.GetTempPath(), $"other-{Guid.NewGuid():N}.pub.pem");
        using (var ecdsa = System.Security.Cryptography.ECDsa.Create())
        {
            ecdsa.ImportSubjectPublicKeyInfo(other.PublicKey, out _);
            await File.WriteAllTextAsync(otherPem, ecdsa.ExportSubjectPublicKeyInfoPem());
        }

        var run = await _fixture.RunAsync("verify-bundle", path, "--public-key", otherPem);

        run.Exit.ShouldBe(VerifyCommand.Tampered, run.ToString());
        run.Console.ShouldContain("pinned key");
    }
}
