using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Integration;

/// <summary>A ledger nobody tampered with, built by several imports with checkpoints between them, verifies.</summary>
public class HonestLedgerTests
{
    [Fact]
    public async Task a_ledger_built_by_several_imports_appending_to_existing_streams_verifies_before_and_after_each_checkpoint()
    {
        await using var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        await StoryInParts.ImportAsync(fixture);

        var uncovered = await fixture.RunAsync("verify");
        uncovered.Exit.ShouldBe(0, uncovered.ToString());
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        var covered = await fixture.RunAsync("verify");
        covered.Exit.ShouldBe(0, covered.ToString());

        var bundle = Path.Combine(Path.GetTempPath(), $"honest-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", bundle)).Exit.ShouldBe(0);
        var offline = await fixture.RunAsync("verify-bundle", bundle, "--public-key", Path.Combine(fixture.KeysFolder, "ledger-signing-key.pub.pem"));
        offline.Exit.ShouldBe(0, offline.ToString());
    }

    /// <summary>
    /// docs/verification.md tells outside verifiers to take the content as stored and hash it as it is. A content spelled
    /// otherwise than today's encoder would (a letter written as an escape), with the hash and digests of that text, is
    /// what a ledger written by another version holds: both verifiers must accept it, not only one.
    /// </summary>
    [Fact]
    public async Task content_stored_in_another_spelling_verifies_by_the_hash_of_its_text_as_stored()
    {
        await using var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        await StoryInParts.ImportAsync(fixture);
        const string stream = "commitment:amazon-rekognition-police-moratorium";
        await HistoryRewriter.RespellFirstContentAsync(fixture, stream, content =>
        {
            content.ShouldContain("\"type\":\"commitment.made\"");
            return content.Replace("\"type\":\"commitment.made\"", "\"type\":\"commitm\\u0065nt.made\"");
        });

        var uncovered = await fixture.RunAsync("verify");
        uncovered.Exit.ShouldBe(0, uncovered.ToString());
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        var covered = await fixture.RunAsync("verify");
        covered.Exit.ShouldBe(0, covered.ToString());
        var bundle = Path.Combine(Path.GetTempPath(), $"respelled-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", bundle, "--org", "amazon")).Exit.ShouldBe(0);
        var offline = await fixture.RunAsync("verify-bundle", bundle, "--public-key", Path.Combine(fixture.KeysFolder, "ledger-signing-key.pub.pem"));
        offline.Exit.ShouldBe(0, offline.ToString());
    }

    [Fact]
    public async Task every_event_stores_its_recorded_time_in_marten_s_timestamp_column_too()
    {
        await using var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        await StoryInParts.ImportAsync(fixture);

        var differing = await fixture.ScalarAsync<long>(
            $"select count(*) from {fixture.Schema}.mt_events where stream_id <> 'mt_tombstone' and timestamp <> (data ->> 'Recorded')::timestamptz");

        differing.ShouldBe(0);
    }
}
