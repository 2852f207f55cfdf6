using EthicsLedger.Cli.Commands;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Integration;

public class ProjectionRebuildTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public ProjectionRebuildTests(LedgerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task rebuilding_the_read_models_from_the_events_gives_the_same_answers()
    {
        (await _fixture.RunAsync("import", DemoCommand.StoryFile)).Exit.ShouldBe(0);
        var before = await AnswersAsync();

        // A damaged read model: the organization index names entries that are not there any more.
        await _fixture.ExecuteAsync($"drop index {_fixture.Schema}.ledger_events_org; create index ledger_events_org on {_fixture.Schema}.mt_events ((data ->> 'Org'), seq_id) where false");
        var rebuild = await _fixture.RunAsync("projections", "rebuild");

        rebuild.Exit.ShouldBe(0, rebuild.ToString());
        rebuild.Console.ShouldContain("3 organizations");
        (await _fixture.ScalarAsync<string>($"select indexdef from pg_indexes where schemaname = '{_fixture.Schema}' and indexname = 'ledger_events_org'"))!
            .ShouldNotContain("WHERE false");
        (await AnswersAsync()).ShouldBe(before);
    }

    async Task<string> AnswersAsync()
    {
        var answers = new List<string>();
        foreach (var org in new[] { "ibm", "amazon", "microsoft" })
            foreach (var asOf in new[] { "2020-06-09", "2021-06-15", "2026-01-01" })
            {
                var run = await _fixture.RunAsync("stance", org, "--as-of", asOf, "--known-at", "2100-01-01T00:00:00Z", "--json");
                run.Exit.ShouldBe(0, run.ToString());
                answers.Add(run.Json);
            }
        answers.Add((await _fixture.RunAsync("flags", "--as-of", "2026-01-01", "--json")).Json);
        answers.Add((await _fixture.RunAsync("replay", "microsoft")).Console);
        return string.Join("\n", answers);
    }
}
