using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Integration;

public class DemoTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public DemoTests(LedgerFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData(null, "a national law", "from 2020-06-11\nuntil: a national law")]
    [InlineData(null, null, "from 2020-06-11 (open-ended)")]
    [InlineData("2021-06-10", null, "from 2020-06-11 until 2021-06-10")]
    public void a_term_is_open_ended_only_when_neither_a_date_nor_a_condition_ends_it(string? until, string? condition, string expected) =>
        EthicsLedger.Cli.Rendering.StanceTable.TermText(new EthicsLedger.Rules.Term(new DateOnly(2020, 6, 11),
            until is null ? null : DateOnly.Parse(until), condition, null)).ShouldBe(expected);

    /// <summary>The README's third command: a newcomer opens the printed URL and sees the story as a timeline, on both time axes.</summary>
    [Fact]
    public async Task serve_demo_prints_where_to_see_the_story_as_a_timeline()
    {
        await using var serve = CliProcess.Start(_fixture, "serve", "--demo", "--urls", "http://127.0.0.1:0");
        string? Link(string pattern) => serve.Lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, pattern)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        for (var i = 0; i < 900 && Link(@"before it learned of the extension: (\S+)") is null && !serve.HasExited; i++) await Task.Delay(100);
        var (now, then) = (Link(@"Open (\S+) for the 2020 story"), Link(@"before it learned of the extension: (\S+)"));
        now.ShouldNotBeNull(string.Join('\n', serve.Lines) + serve.Errors);
        then.ShouldNotBeNull();

        using var http = new HttpClient();
        static string Status(string page) => System.Text.RegularExpressions.Regex.Match(page,
            @"<tr data-commitment=""amazon-rekognition-police-moratorium"">.*?<td class=""status""[^>]*>([^<]+)<", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var today = await http.GetStringAsync(now);
        today.ShouldContain("commitment.amended");
        today.ShouldContain("2021-05-18");
        Status(today).ShouldBe("in-force");
        Status(await http.GetStringAsync(then)).ShouldBe("expired");
        foreach (var org in new[] { "ibm", "microsoft" })
            (await http.GetStringAsync(now.Replace("amazon", org))).ShouldContain("https://");
    }

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
            // Both time axes: the one-year term, then expired, as known between the two imports; extended as known now.
            "before it learned of the extension", "from 2020-06-10 until 2021-06-10", "expired", "extended on 2021-05-18",
            "commitment.amended amazon-rekognition-police-moratorium", "--known-at 20",
        })
            text.ShouldContain(expected);
        // The known-at the demo prints is one a user can type: it reads the stance as the ledger knew it then.
        var knownAt = System.Text.RegularExpressions.Regex.Match(text, @"--known-at (\S+)").Groups[1].Value;
        var demo = new EthicsLedger.Cli.Infrastructure.LedgerConnection(_fixture.ConnectionString, EthicsLedger.Cli.Commands.DemoCommand.Schema);
        await using (demo)
        {
            var then = await LedgerFixture.RunAsync(demo, "stance", "amazon", "--as-of", "2021-06-15", "--known-at", knownAt, "--json");
            then.Exit.ShouldBe(0, then.ToString());
            then.Json.ShouldContain("\"status\":\"expired\"");
            var now = await LedgerFixture.RunAsync(demo, "stance", "amazon", "--as-of", "2021-06-15", "--json");
            now.Json.ShouldContain("\"status\":\"in-force\"");
        }
    }
}
