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
