using EthicsLedger.Importing;
using EthicsLedger.Integrity;
using EthicsLedger.Projections;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

/// <summary>
/// An import that passes the file-wide rules folds each organization as it appends it (EventAppender), so a problem
/// in a later organization's fold is found after earlier organizations' rows were written. The file must still be
/// refused whole, with the same errors the rules give over the whole file, and the ledger left exactly as it was.
/// </summary>
public class FoldWhileAppendingTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public FoldWhileAppendingTests(LedgerFixture fixture) => _fixture = fixture;

    /// <summary>An organization whose lines are all right: five lines.</summary>
    static IEnumerable<string> Good(string org) =>
    [
        Org(org), Made($"{org}-c", org, "2020-01-01"), Amended($"{org}-c", "2020-06-01", term: new { until = "2030-01-01" }),
        Made($"{org}-d", org, "2020-02-01"), Withdrawn($"{org}-d", "2021-01-01"),
    ];

    /// <summary>An organization whose last line only the fold refuses: an amendment after its commitment was withdrawn.</summary>
    static IEnumerable<string> AmendedAfterItEnded(string org) =>
        [Org(org), Made($"{org}-c", org, "2020-01-01"), Withdrawn($"{org}-c", "2021-01-01"), Amended($"{org}-c", "2021-06-01", term: new { until = "2022-01-01" })];

    [Fact]
    public async Task a_problem_found_after_rows_were_written_refuses_the_whole_file_with_every_wrong_line_and_leaves_the_ledger_as_it_was()
    {
        (await _fixture.ImportAsync(Org("before"), Made("before-c", "before", "2019-01-01"))).Exit.ShouldBe(0);
        (await _fixture.ImportAsync(Amended("before-c", "2019-06-01", term: new { until = "2025-01-01" }))).Exit.ShouldBe(0);
        var before = await LedgerRowsAsync();

        // More than a batch of rows (EventAppender.BatchSize) from good organizations comes before each bad one.
        string[] file =
        [
            .. Enumerable.Range(0, 300).SelectMany(i => Good($"first{i}")), .. AmendedAfterItEnded("bad1"),
            .. Enumerable.Range(0, 300).SelectMany(i => Good($"second{i}")), .. AmendedAfterItEnded("bad2"),
            .. Good("last"),
        ];
        var run = await _fixture.ImportAsync(file);

        run.Exit.ShouldBe(2, run.ToString());
        // The rules over the whole file, with nothing appended meanwhile, are the independent answer.
        var expected = TestLedger.Check(null, file).Errors.Select(e => e.ToString()).ToList();
        expected.Count.ShouldBe(2);
        run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("line ")).ShouldBe(expected);
        (await LedgerRowsAsync()).ShouldBe(before);

        // The transaction it ran in ended cleanly: the good part of the file imports on its own, after it.
        var good = file.Where(line => !line.Contains("bad")).ToArray();
        var again = await _fixture.ImportAsync(good);
        again.Exit.ShouldBe(0, again.ToString());
        (await _fixture.EventCountAsync()).ShouldBe(before.Events + good.Length);
    }

    [Fact]
    public async Task the_rows_written_before_the_problem_are_undone_even_when_the_session_is_then_committed()
    {
        (await _fixture.ImportAsync(Org("committed"))).Exit.ShouldBe(0);
        var before = await LedgerRowsAsync();
        string[] file = [.. Enumerable.Range(0, 300).SelectMany(i => Good($"kept{i}")), .. AmendedAfterItEnded("undone")];

        var store = await _fixture.Ledger.StoreAsync();
        await using (var session = store.LightweightSession())
        {
            await session.BeginTransactionAsync(default);
            var reader = new MartenLedgerReader();
            var lines = TestLedger.Parse(file);
            var now = EventDigest.Truncate(DateTimeOffset.UtcNow);
            var check = ImportRules.CheckFile(lines, await reader.SnapshotForAsync(session, lines, default), now);
            check.IsValid.ShouldBeTrue(string.Join("\n", check.Errors));

            var errors = await EventAppender.AppendAsync(session, new StreamChains(new Dictionary<string, ChainHead>()), check, null, default);

            errors.Select(e => e.Line).ShouldBe([file.Length]);
            // Whatever else the session then commits, none of the import's rows go with it.
            session.QueueSqlCommand("select 1");
            await session.SaveChangesAsync();
        }
        (await LedgerRowsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_organization_of_more_entries_than_a_batch_is_appended_whole_and_verifies()
    {
        (await _fixture.ImportAsync(Org("small"))).Exit.ShouldBe(0);
        var before = await _fixture.EventCountAsync();
        // One organization, its commitments made and amended across more than two batches (EventAppender.BatchSize).
        string[] file =
        [
            Org("big"),
            .. Enumerable.Range(0, 1_200).SelectMany(i => new[]
                { Made($"big-c{i}", "big", "2020-01-01"), Amended($"big-c{i}", "2020-06-01", term: new { until = "2030-01-01" }) }),
        ];

        var run = await _fixture.ImportAsync(file);

        run.Exit.ShouldBe(0, run.ToString());
        (await _fixture.EventCountAsync()).ShouldBe(before + file.Length);
        var verify = await _fixture.RunAsync("verify");
        verify.Exit.ShouldBe(0, verify.ToString());
    }

    /// <summary>How many events and streams the ledger holds, and a hash of every event row and stream row as stored.</summary>
    async Task<(long Events, long Streams, string? Rows)> LedgerRowsAsync()
    {
        var s = _fixture.Schema;
        return (await _fixture.EventCountAsync(),
            await _fixture.ScalarAsync<long>($"select count(*) from {s}.mt_streams"),
            await _fixture.ScalarAsync<string>($"""
                select md5(coalesce((select string_agg(e::text, ',' order by seq_id) from {s}.mt_events e), '') ||
                           coalesce((select string_agg(m::text, ',' order by id) from {s}.mt_streams m), ''))
                """));
    }
}
