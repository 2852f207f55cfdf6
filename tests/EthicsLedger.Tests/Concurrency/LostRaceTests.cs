using EthicsLedger.Importing;
using EthicsLedger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Concurrency;

/// <summary>
/// A writer that bypasses the import locks commits between an import's check and its append: the
/// import's append fails on the stream version, and it is run again from a fresh read.
/// </summary>
public class LostRaceTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public LostRaceTests(LedgerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task a_withdrawal_committed_between_the_check_and_the_append_makes_the_retry_refuse_the_second_one()
    {
        (await _fixture.ImportAsync(Org("race"), Made("race-c", "race", "2020-01-01"))).Exit.ShouldBe(0);
        var rogue = new RogueWriter(everyAttempt: false, _ => [Withdrawn("race-c", "2020-06-01")]);

        var run = await ImportWithAsync(rogue, Withdrawn("race-c", "2021-01-01"));

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldContain("line 1:");
        (await CountAsync("commitment:race-c", "commitment.withdrawn")).ShouldBe(1);
        await ReadModels.ShouldHoldEveryEventAsync(_fixture, "race");
    }

    [Fact]
    public async Task an_unrelated_entry_committed_meanwhile_on_the_same_stream_is_kept_and_the_retry_goes_through()
    {
        (await _fixture.ImportAsync(Org("beside"), Made("beside-c", "beside", "2020-01-01"))).Exit.ShouldBe(0);
        var rogue = new RogueWriter(everyAttempt: false, _ => [Conduct("beside-rogue", "2020-02-01", org: "beside", topic: "other")]);

        var run = await ImportWithAsync(rogue, Conduct("beside-mine", "2020-03-01", org: "beside", topic: "other"));

        run.Exit.ShouldBe(0, run.ToString());
        rogue.Writes.ShouldBe(1);
        (await CountAsync("org:beside", "conduct.observed")).ShouldBe(2);
        await ReadModels.ShouldHoldEveryEventAsync(_fixture, "beside");
    }

    [Fact]
    public async Task a_commitment_started_meanwhile_with_the_same_content_makes_the_retry_a_no_op()
    {
        (await _fixture.ImportAsync(Org("twin"))).Exit.ShouldBe(0);
        var made = Made("twin-c", "twin", "2020-01-01");
        var rogue = new RogueWriter(everyAttempt: false, _ => [made]);

        var run = await ImportWithAsync(rogue, made);

        run.Exit.ShouldBe(0, run.ToString());
        run.Console.ShouldContain("Appended 0 entries; 1 already in the ledger");
        (await CountAsync("commitment:twin-c", "commitment.made")).ShouldBe(1);
    }

    [Fact]
    public async Task an_import_that_loses_every_attempt_says_so_in_plain_words_and_appends_nothing()
    {
        (await _fixture.ImportAsync(Org("busy"), Made("busy-c", "busy", "2020-01-01"))).Exit.ShouldBe(0);
        var rogue = new RogueWriter(everyAttempt: true, n => [Conduct($"busy-rogue-{n}", "2020-02-01", org: "busy", topic: "other")]);

        var run = await ImportWithAsync(rogue, Conduct("busy-mine", "2020-03-01", org: "busy", topic: "other"));

        run.Exit.ShouldBe(1, run.ToString());
        run.Errors.ShouldContain("another import changed the ledger");
        run.Errors.ShouldContain("nothing was appended");
        run.Errors.ShouldContain("Run the import again");
        run.Errors.ShouldNotContain("version");
        run.Errors.ShouldNotContain("Npgsql");
        rogue.Writes.ShouldBe(LedgerImport.Attempts);
        (await _fixture.ScalarAsync<long>(
            $"select count(*) from {_fixture.Schema}.mt_events where data ->> 'Id' = 'busy-mine'")).ShouldBe(0);
        await ReadModels.ShouldHoldEveryEventAsync(_fixture, "busy");
    }

    async Task<CliRun> ImportWithAsync(RogueWriter rogue, params string[] lines)
    {
        await using var racing = _fixture.NewConnection(services => services.AddSingleton<ILedgerReader>(rogue));
        return await LedgerFixture.RunAsync(racing, "import", await LedgerFixture.WriteFileAsync(lines));
    }

    Task<long> CountAsync(string stream, string type) => _fixture.ScalarAsync<long>(
        $"select count(*) from {_fixture.Schema}.mt_events where stream_id = '{stream}' and type = '{type}'");
}
