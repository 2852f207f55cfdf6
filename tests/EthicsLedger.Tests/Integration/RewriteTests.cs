using System.Text.Json;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Integration;

/// <summary>
/// The database's owner rewrites history with every digest recomputed, then hides the evidence in
/// the integrity tables. What the key holder signed last is kept beside the key, outside the
/// database: the checkpointer refuses to sign over a history that does not extend it, and
/// <c>verify</c> and <c>verify-bundle</c> check the database and the bundle against it.
/// </summary>
public class RewriteTests
{
    const string Moratorium = "commitment:amazon-rekognition-police-moratorium";

    static async Task<LedgerFixture> SignedLedgerAsync()
    {
        var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        await StoryInParts.ImportAsync(fixture);
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        return fixture;
    }

    static string PublicKey(LedgerFixture fixture) => Path.Combine(fixture.KeysFolder, "ledger-signing-key.pub.pem");

    [Fact]
    public async Task a_rewrite_with_the_integrity_tables_emptied_fails_verify_and_the_next_checkpoint_refuses_to_sign_it()
    {
        await using var fixture = await SignedLedgerAsync();
        await HistoryRewriter.RewriteStatementAsync(fixture, Moratorium, "We never promised anything.");
        await HistoryRewriter.EmptyIntegrityTablesAsync(fixture);

        var verify = await fixture.RunAsync("verify", "--json");
        verify.Exit.ShouldBe(3, verify.ToString());
        var kinds = JsonDocument.Parse(verify.Json).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("kind").GetString()).ToList();
        kinds.ShouldContain("tree-shrunk");

        var checkpoint = await fixture.RunAsync("checkpoint");
        checkpoint.Exit.ShouldBe(3, checkpoint.ToString());
        checkpoint.Errors.ShouldContain("refusing to sign");
        (await fixture.ScalarAsync<long>($"select count(*) from {fixture.Schema}.ledger_checkpoints")).ShouldBe(0);
    }

    [Fact]
    public async Task leaves_rewritten_to_match_a_rewritten_history_are_not_signed_over()
    {
        await using var fixture = await SignedLedgerAsync();
        await HistoryRewriter.RewriteStatementAsync(fixture, Moratorium, "We never promised anything.");
        await HistoryRewriter.RewriteLeavesAsync(fixture);
        await fixture.ExecuteAsync($"delete from {fixture.Schema}.ledger_checkpoints");
        (await fixture.ImportAsync(Json.Conduct("after-rewrite", "2024-03-01", activity: "research", org: "amazon", topic: "other"))).Exit.ShouldBe(0);

        var checkpoint = await fixture.RunAsync("checkpoint");

        checkpoint.Exit.ShouldBe(3, checkpoint.ToString());
        checkpoint.Errors.ShouldContain("refusing to sign");
        var verify = await fixture.RunAsync("verify", "--json");
        verify.Exit.ShouldBe(3, verify.ToString());
        verify.Json.ShouldContain("tree-forked");
    }

    [Fact]
    public async Task new_events_chained_onto_a_rewritten_event_under_the_tree_are_not_signed()
    {
        await using var fixture = await SignedLedgerAsync();
        await HistoryRewriter.RewriteStatementAsync(fixture, Moratorium, "We never promised anything.");
        // The read models now hold the rewritten digests too, so the next import chains onto them.
        (await fixture.RunAsync("projections", "rebuild")).Exit.ShouldBe(0);
        (await fixture.ImportAsync(Json.Amended("amazon-rekognition-police-moratorium", "2024-05-01", statement: "Still paused."))).Exit.ShouldBe(0);

        var checkpoint = await fixture.RunAsync("checkpoint");

        checkpoint.Exit.ShouldBe(3, checkpoint.ToString());
        checkpoint.Errors.ShouldContain(Moratorium);
    }

    [Fact]
    public async Task a_bundle_exported_from_a_rewritten_database_is_refused_by_an_auditor_holding_the_last_checkpoint()
    {
        await using var fixture = await SignedLedgerAsync();
        var trusted = Path.Combine(Path.GetTempPath(), $"trusted-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", trusted)).Exit.ShouldBe(0);
        await HistoryRewriter.RewriteStatementAsync(fixture, Moratorium, "We never promised anything.");
        await HistoryRewriter.EmptyIntegrityTablesAsync(fixture);
        var bundle = Path.Combine(Path.GetTempPath(), $"rewritten-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", bundle)).Exit.ShouldBe(0);

        var alone = await fixture.RunAsync("verify-bundle", bundle, "--public-key", PublicKey(fixture));
        var auditor = await fixture.RunAsync("verify-bundle", bundle, "--public-key", PublicKey(fixture), "--trusted", trusted);

        alone.Exit.ShouldBe(0, "without a trusted checkpoint nothing in the file can tell; this is what --trusted is for");
        auditor.Exit.ShouldBe(3, auditor.ToString());
        auditor.Console.ShouldContain("does not extend");
    }

    [Fact]
    public async Task an_honest_ledger_extends_the_checkpoint_kept_beside_the_key_through_later_imports_and_checkpoints()
    {
        await using var fixture = await SignedLedgerAsync();
        var trusted = Path.Combine(Path.GetTempPath(), $"trusted-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", trusted)).Exit.ShouldBe(0);
        (await fixture.ImportAsync(Json.Amended("amazon-rekognition-police-moratorium", "2024-05-01", statement: "Still paused."))).Exit.ShouldBe(0);
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        var bundle = Path.Combine(Path.GetTempPath(), $"later-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", bundle)).Exit.ShouldBe(0);

        (await fixture.RunAsync("verify")).Exit.ShouldBe(0);
        var auditor = await fixture.RunAsync("verify-bundle", bundle, "--public-key", PublicKey(fixture), "--trusted", trusted);
        auditor.Exit.ShouldBe(0, auditor.ToString());
    }
}
