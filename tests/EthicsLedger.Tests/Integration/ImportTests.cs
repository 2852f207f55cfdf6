using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

public class ImportTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public ImportTests(LedgerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task each_entry_is_stored_as_an_event_under_its_contract_name_on_its_organization_or_commitment_stream()
    {
        var run = await _fixture.ImportAsync(
            Org("stored"),
            Made("stored-c", "stored", "2020-01-01"),
            Conduct("stored-conduct", "2020-02-01", org: "stored"));
        run.Exit.ShouldBe(0, run.ToString());

        var rows = await _fixture.ScalarAsync<string>(
            $"select string_agg(stream_id || ' ' || type, ',' order by stream_id, version) from {_fixture.Schema}.mt_events where stream_id like '%stored%'");
        rows.ShouldBe("commitment:stored-c commitment.made,org:stored organization.registered,org:stored conduct.observed");
    }

    [Fact]
    public async Task a_file_with_wrong_lines_appends_nothing_and_reports_every_wrong_line_with_its_number()
    {
        var before = await _fixture.EventCountAsync();
        var run = await _fixture.ImportAsync(
            Org("wrong"),
            Made("wrong-c", "nobody", "2020-01-01"),
            "",
            Made("wrong-d", "wrong", "2020-01-01", kind: "promise"),
            Made("wrong-e", "wrong", "2020-01-01"));

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldContain("line 2: organization 'nobody' is not registered");
        run.Errors.ShouldContain("line 4: field 'kind'");
        run.Errors.ShouldNotContain("line 1:");
        run.Errors.ShouldNotContain("line 5:");
        (await _fixture.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task importing_the_same_file_twice_leaves_the_ledger_as_it_was_after_the_first_time()
    {
        var path = await LedgerFixture.WriteFileAsync(Org("twice"), Made("twice-c", "twice", "2020-01-01"), Withdrawn("twice-c", "2021-01-01"));
        (await _fixture.RunAsync("import", path)).Exit.ShouldBe(0);
        var after = await _fixture.EventCountAsync();

        var again = await _fixture.RunAsync("import", path);

        again.Exit.ShouldBe(0, again.ToString());
        again.Console.ShouldContain("Appended 0 entries; 3 already in the ledger");
        (await _fixture.EventCountAsync()).ShouldBe(after);
    }

    [Fact]
    public async Task a_file_that_would_make_an_entry_already_in_the_ledger_wrong_is_refused_on_its_first_new_line()
    {
        (await _fixture.ImportAsync(Org("late"), Made("late-c", "late", "2020-01-01"), Withdrawn("late-c", "2021-06-01"))).Exit.ShouldBe(0);
        var before = await _fixture.EventCountAsync();

        var run = await _fixture.ImportAsync(
            Conduct("late-unrelated", "2020-03-01", activity: "lobby", org: "late", topic: "other"),
            Amended("late-c", "2020-06-01", term: new { until = "2021-01-01" }));

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldContain("line 2:");
        run.Errors.ShouldContain("withdrawn");
        (await _fixture.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_conduct_id_names_one_observation_across_all_organizations()
    {
        (await _fixture.ImportAsync(Org("first"), Org("second"), Conduct("shared-id", "2020-01-01", org: "first"))).Exit.ShouldBe(0);

        var run = await _fixture.ImportAsync(Conduct("shared-id", "2020-01-01", org: "second"));

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldContain("line 1: conduct id 'shared-id' is already used");
    }

    [Fact]
    public async Task a_fact_recorded_late_lands_in_its_place_in_the_past()
    {
        (await _fixture.ImportAsync(Org("past"), Made("past-c", "past", "2020-01-01", term: new { until = "2022-01-01" }))).Exit.ShouldBe(0);
        (await _fixture.ImportAsync(Withdrawn("past-c", "2020-06-01"))).Exit.ShouldBe(0);

        (await StatusAsync("past", "2020-05-31")).ShouldBe("in-force");
        (await StatusAsync("past", "2020-06-01")).ShouldBe("withdrawn");
    }

    [Fact]
    public async Task known_at_shows_the_ledger_as_it_was_before_later_imports()
    {
        (await _fixture.ImportAsync(Org("known"), Made("known-c", "known", "2020-01-01", term: new { until = "2021-01-01" }))).Exit.ShouldBe(0);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await _fixture.ImportAsync(Amended("known-c", "2020-12-01", term: new { until = (string?)null }))).Exit.ShouldBe(0);

        var then = await _fixture.RunAsync("stance", "known", "--as-of", "2021-06-01", "--known-at", between.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"), "--json");
        var now = await _fixture.RunAsync("stance", "known", "--as-of", "2021-06-01", "--json");

        then.Json.ShouldContain("\"status\":\"expired\"", Case.Sensitive, then.ToString());
        now.Json.ShouldContain("\"status\":\"in-force\"", Case.Sensitive, now.ToString());
        var before = await _fixture.RunAsync("stance", "known", "--known-at", "2000-01-01T00:00:00Z", "--json");
        before.Exit.ShouldNotBe(0);
        before.Errors.ShouldContain("not registered");
    }

    async Task<string> StatusAsync(string org, string asOf)
    {
        var run = await _fixture.RunAsync("stance", org, "--as-of", asOf, "--json");
        run.Exit.ShouldBe(0, run.ToString());
        return System.Text.Json.JsonDocument.Parse(run.Json).RootElement.GetProperty("commitments")[0].GetProperty("status").GetString()!;
    }
}
