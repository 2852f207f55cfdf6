using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Integration;

public class DemoTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public DemoTests(LedgerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task the_demo_tells_the_2020_story_with_its_sources()
    {
        var run = await _fixture.RunAsync("demo");

        run.Exit.ShouldBe(0, run.ToString());
        var text = run.Console;
        foreach (var expected in new[]
        {
            "ibm-facial-recognition-exit", "amazon-rekognition-police-moratorium", "microsoft-us-police-fr-sales-moratorium",
            "microsoft-anyvision-divestment", "How Microsoft's stance changed", "https://", "amazon as of 2020-06-09",
            "amazon as of 2021-06-15", "no commitments made by this date", "contradicting-conduct",
        })
            text.ShouldContain(expected);
    }
}
