using EthicsLedger.Cli.Commands;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// The demo story as a ledger is really built: several imports, later ones appending to streams
/// that earlier ones started, with a checkpoint between them. Integrity tests run over this, never
/// over one import, which hides whatever differs between a stream's first append and the next.
/// </summary>
public static class StoryInParts
{
    /// <summary>Up to IBM's exit (9 lines): the organizations, Microsoft's conduct and first commitments.</summary>
    const int FirstPart = 9;

    public static async Task ImportAsync(LedgerFixture fixture)
    {
        var story = await File.ReadAllLinesAsync(DemoCommand.StoryFile);
        (await fixture.ImportAsync(story[..FirstPart])).Exit.ShouldBe(0);
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        // Amazon's amendment and IBM's conduct: appends to a stream started by this import and to one started by the first.
        var second = await fixture.ImportAsync(story[FirstPart..]);
        second.Exit.ShouldBe(0, second.ToString());
        // After a checkpoint, appends to streams both earlier imports started.
        var third = await fixture.ImportAsync(
            Attested("ibm-facial-recognition-exit", "2024-01-01", verdict: "inconclusive"),
            Conduct("amazon-later-conduct", "2024-02-01", activity: "research", org: "amazon", topic: "other"));
        third.Exit.ShouldBe(0, third.ToString());
    }
}
