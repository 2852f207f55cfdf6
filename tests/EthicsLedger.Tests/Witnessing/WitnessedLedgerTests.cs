using EthicsLedger.Hosting.Audit;
using System.Text.Json;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Hosting.Witnessing;
using EthicsLedger.Integrity;
using EthicsLedger.Integrity.Notes;
using EthicsLedger.Parsing;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Witnessing;

/// <summary>
/// End to end with two witness processes on loopback: an honest ledger is witnessed and verifies
/// with the policy; an operator who rewrites history by SQL as the database owner — recomputing
/// the digests and deleting the integrity tables so the ledger itself has nothing to compare
/// against — is refused by the witnesses, and <c>verify --witness-policy</c> fails.
/// </summary>
public class WitnessedLedgerTests
{
    const int FirstPart = 9;

    static string StateFolder() => Path.Combine(Path.GetTempPath(), "ethicsledger-witness-" + Guid.NewGuid().ToString("N")[..12]);

    static async Task<string> VkeyAsync(LedgerFixture fixture)
    {
        var run = await fixture.RunAsync("note-key");
        run.Exit.ShouldBe(0, run.ToString());
        return run.Json.Trim();
    }

    static async Task<(LedgerFixture Fixture, WitnessProcesses Witnesses, string Policy)> WitnessedLedgerAsync()
    {
        var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        var vkey = await VkeyAsync(fixture);
        var witnesses = new WitnessProcesses();
        await witnesses.StartAsync(fixture, "witness.example/w1", StateFolder(), vkey);
        await witnesses.StartAsync(fixture, "witness.example/w2", StateFolder(), vkey);
        var policy = await witnesses.PolicyFileAsync(2);

        var story = await File.ReadAllLinesAsync(DemoCommand.StoryFile);
        (await fixture.ImportAsync(story[..FirstPart])).Exit.ShouldBe(0);
        var first = await fixture.RunAsync("checkpoint", "--witness-policy", policy);
        first.Exit.ShouldBe(0, first.ToString());
        first.Console.ShouldContain("Witnessed: 2 of 2");
        return (fixture, witnesses, policy);
    }

    static async Task<JsonElement> VerifyAsync(LedgerFixture fixture, string policy, int exit)
    {
        var run = await fixture.RunAsync("verify", "--json", "--witness-policy", policy);
        run.Exit.ShouldBe(exit, run.ToString());
        return JsonDocument.Parse(run.Json).RootElement;
    }

    static IEnumerable<string> Kinds(JsonElement report) => report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("kind").GetString()!);

    /// <summary>
    /// As the owner: rewrite the statement of the newest event that has one and is the last of its stream (so its
    /// chain stays whole), its hash and digest recomputed, then empty the integrity tables.
    /// </summary>
    static async Task RewriteALastEventAndForgetTheTreeAsync(LedgerFixture fixture)
    {
        var s = fixture.Schema;
        var seq = await fixture.ScalarAsync<long>($"""
            select max(e.seq_id) from {s}.mt_events e where e.stream_id <> 'mt_tombstone' and e.data ->> 'Content' like '%"statement":"%'
            and e.version = (select max(l.version) from {s}.mt_events l where l.stream_id = e.stream_id)
            """);
        var stream = (await fixture.ScalarAsync<string>($"select stream_id from {s}.mt_events where seq_id = {seq}"))!;
        var version = await fixture.ScalarAsync<long>($"select version from {s}.mt_events where seq_id = {seq}");
        var type = (await fixture.ScalarAsync<string>($"select type from {s}.mt_events where seq_id = {seq}"))!;
        var recorded = DateTimeOffset.Parse((await fixture.ScalarAsync<string>($"select data ->> 'Recorded' from {s}.mt_events where seq_id = {seq}"))!,
            System.Globalization.CultureInfo.InvariantCulture);
        var content = (await fixture.ScalarAsync<string>($"select data ->> 'Content' from {s}.mt_events where seq_id = {seq}"))!;
        var previous = version == 1 ? EventDigest.Genesis
            : (await fixture.ScalarAsync<string>($"select data ->> 'Digest' from {s}.mt_events where stream_id = '{stream}' and version = {version - 1}"))!;
        var forged = content.Replace("\"statement\":\"", "\"statement\":\"Never mind: ");
        forged.ShouldNotBe(content);
        var recordedBy = await fixture.ScalarAsync<string?>($"select data ->> 'RecordedBy' from {s}.mt_events where seq_id = {seq}");
        var digest = EventDigest.Compute(previous, type, stream, version, recorded, recordedBy, forged);
        await fixture.ExecuteAsync($"""
            update {s}.mt_events set data = data || jsonb_build_object('Content', '{forged.Replace("'", "''")}'::text,
                'ContentHash', '{CanonicalJson.Hash(forged)}'::text, 'Digest', '{digest}'::text) where seq_id = {seq};
            delete from {s}.ledger_leaves; delete from {s}.ledger_checkpoints; delete from {NoteSignatureTable.Name(s)};
            """);
        // An operator who also holds the key folder can make the checkpointer forget what it signed
        // (RewriteTests shows it refuses otherwise); the witnesses are what is left to remember.
        File.Delete(CheckpointHead.PathFor(fixture.KeysFolder, s));
    }

    [Fact]
    public async Task an_honest_ledger_is_witnessed_as_it_grows_and_verifies_with_the_policy_in_the_database_and_in_a_bundle()
    {
        var (fixture, witnesses, policy) = await WitnessedLedgerAsync();
        await using var _ = fixture;
        await using var __ = witnesses;
        var story = await File.ReadAllLinesAsync(DemoCommand.StoryFile);
        (await fixture.ImportAsync(story[FirstPart..])).Exit.ShouldBe(0);

        var second = await fixture.RunAsync("checkpoint", "--witness-policy", policy);
        second.Exit.ShouldBe(0, second.ToString());
        second.Console.ShouldContain("Witnessed: 2 of 2");
        await VerifyAsync(fixture, policy, 0);

        var bundle = Path.Combine(Path.GetTempPath(), $"bundle-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", bundle)).Exit.ShouldBe(0);
        var checkedBundle = await fixture.RunAsync("verify-bundle", bundle, "--witness-policy", policy);
        checkedBundle.Exit.ShouldBe(0, checkedBundle.ToString());

        // A policy whose witnesses did not cosign fails both, by name.
        var strangers = await WitnessProcesses.PolicyFileAsync(1,
            [$"witness w9 {NoteSigner.Generate("witness.example/w9", NoteSignatureType.CosignatureV1).Key.Vkey}"]);
        Kinds(await VerifyAsync(fixture, strangers, VerifyCommand.Tampered)).ShouldContain(WitnessVerification.QuorumNotMet);
        var refused = await fixture.RunAsync("verify-bundle", bundle, "--witness-policy", strangers);
        refused.Exit.ShouldBe(VerifyCommand.Tampered);
        refused.Console.ShouldContain(WitnessVerification.QuorumNotMet);
    }

    [Fact]
    public async Task a_fork_of_the_same_size_shown_to_both_witnesses_is_refused_and_verify_with_the_policy_fails()
    {
        var (fixture, witnesses, policy) = await WitnessedLedgerAsync();
        await using var _ = fixture;
        await using var __ = witnesses;

        await RewriteALastEventAndForgetTheTreeAsync(fixture);
        var fork = await fixture.RunAsync("checkpoint", "--witness-policy", policy);

        fork.Exit.ShouldBe(VerifyCommand.Tampered, fork.ToString());
        fork.Console.ShouldContain("w1: refused (409)");
        fork.Console.ShouldContain("w2: refused (409)");
        Kinds(await VerifyAsync(fixture, policy, VerifyCommand.Tampered)).ShouldContain(WitnessVerification.QuorumNotMet);
    }

    [Fact]
    public async Task a_rewrite_after_a_witnessed_checkpoint_is_refused_as_a_bad_proof_once_the_ledger_grows()
    {
        var (fixture, witnesses, policy) = await WitnessedLedgerAsync();
        await using var _ = fixture;
        await using var __ = witnesses;

        await RewriteALastEventAndForgetTheTreeAsync(fixture);
        var story = await File.ReadAllLinesAsync(DemoCommand.StoryFile);
        (await fixture.ImportAsync(story[FirstPart..])).Exit.ShouldBe(0);
        var rewritten = await fixture.RunAsync("checkpoint", "--witness-policy", policy);

        rewritten.Exit.ShouldBe(VerifyCommand.Tampered, rewritten.ToString());
        rewritten.Console.ShouldContain("w1: refused (422)");
        rewritten.Console.ShouldContain("w2: refused (422)");
        Kinds(await VerifyAsync(fixture, policy, VerifyCommand.Tampered)).ShouldContain(WitnessVerification.QuorumNotMet);
        var bundle = Path.Combine(Path.GetTempPath(), $"bundle-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", bundle)).Exit.ShouldBe(0);
        (await fixture.RunAsync("verify-bundle", bundle, "--witness-policy", policy)).Exit.ShouldBe(VerifyCommand.Tampered);
    }

    [Fact]
    public async Task two_ledgers_with_two_schemas_and_two_keys_witness_each_other()
    {
        await using var a = new LedgerFixture();
        await using var b = new LedgerFixture();
        await a.InitializeAsync();
        await b.InitializeAsync();
        await using var witnesses = new WitnessProcesses();
        // Each ledger's operator runs a witness for the other, its state and key beside its own keys.
        var byA = await witnesses.StartAsync(a, $"{LedgerOrigin.Of(a.Schema)}/witness", Path.Combine(a.KeysFolder, "witness"), await VkeyAsync(b));
        var byB = await witnesses.StartAsync(b, $"{LedgerOrigin.Of(b.Schema)}/witness", Path.Combine(b.KeysFolder, "witness"), await VkeyAsync(a));
        var policyOfA = await WitnessProcesses.PolicyFileAsync(1, [byB]);
        var policyOfB = await WitnessProcesses.PolicyFileAsync(1, [byA]);

        foreach (var (fixture, policy) in new[] { (a, policyOfA), (b, policyOfB) })
        {
            (await fixture.RunAsync("import", DemoCommand.StoryFile)).Exit.ShouldBe(0);
            var run = await fixture.RunAsync("checkpoint", "--witness-policy", policy);
            run.Exit.ShouldBe(0, run.ToString());
            await VerifyAsync(fixture, policy, 0);
        }
        // A's checkpoints are cosigned by B's witness, not by its own.
        Kinds(await VerifyAsync(a, policyOfB, VerifyCommand.Tampered)).ShouldContain(WitnessVerification.QuorumNotMet);
    }
}
