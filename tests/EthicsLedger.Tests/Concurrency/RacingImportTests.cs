using Marten;
using EthicsLedger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Concurrency;

/// <summary>
/// Two imports at the worst interleaving: the rival starts once the first has checked the file and
/// Marten has loaded the read models it will update, before anything is saved. Whatever the timing, the end must be what running them one after the other gives.
/// </summary>
public class RacingImportTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public RacingImportTests(LedgerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task an_import_racing_another_on_the_same_organization_loses_no_entry_from_the_read_model()
    {
        (await _fixture.ImportAsync(Org("lost"), Made("lost-c", "lost", "2020-01-01"))).Exit.ShouldBe(0);

        var (first, rival) = await RaceAsync(
            [Conduct("lost-conduct", "2020-03-01", org: "lost", topic: "other")],
            [Amended("lost-c", "2020-06-01", statement: "We will not, ever.")]);

        first.Exit.ShouldBe(0, first.ToString());
        rival.Exit.ShouldBe(0, rival.ToString());
        await ReadModels.ShouldHoldEveryEventAsync(_fixture, "lost");
        var later = await _fixture.ImportAsync(Conduct("lost-later", "2020-04-01", org: "lost", topic: "other"), Withdrawn("lost-c", "2021-01-01"));
        later.Exit.ShouldBe(0, later.ToString());
        await ReadModels.ShouldHoldEveryEventAsync(_fixture, "lost");
    }

    [Fact]
    public async Task one_conduct_id_raced_onto_two_organizations_is_accepted_once_and_refused_once()
    {
        (await _fixture.ImportAsync(Org("skew-a"), Org("skew-b"))).Exit.ShouldBe(0);

        var (first, rival) = await RaceAsync(
            [Conduct("skew-conduct", "2020-03-01", org: "skew-a")],
            [Conduct("skew-conduct", "2020-03-01", org: "skew-b")]);

        first.Exit.ShouldBe(0, first.ToString());
        rival.Exit.ShouldBe(2, rival.ToString());
        rival.Errors.ShouldContain("line 1:");
        rival.Errors.ShouldContain("skew-conduct");
        (await ConductCountAsync("skew-conduct")).ShouldBe(1);
    }

    [Fact]
    public async Task a_violation_flag_raced_against_a_conduct_of_that_id_flagging_the_same_commitment_is_refused()
    {
        (await _fixture.ImportAsync(Org("clash"), Made("clash-c", "clash", "2020-01-01"))).Exit.ShouldBe(0);

        var (first, rival) = await RaceAsync(
            [Conduct("clash-id", "2020-03-01", org: "clash")],
            [Violation("clash-c", "clash-id", "2020-04-01")]);

        first.Exit.ShouldBe(0, first.ToString());
        rival.Exit.ShouldBe(2, rival.ToString());
        rival.Errors.ShouldContain("line 1:");
        await ReadModels.ShouldHoldEveryEventAsync(_fixture, "clash");
    }

    [Fact]
    public async Task one_commitment_raced_into_two_organizations_is_refused_in_plain_words()
    {
        (await _fixture.ImportAsync(Org("made-a"), Org("made-b"))).Exit.ShouldBe(0);

        var (first, rival) = await RaceAsync(
            [Made("made-twice", "made-a", "2020-01-01")],
            [Made("made-twice", "made-b", "2020-01-01")]);

        first.Exit.ShouldBe(0, first.ToString());
        rival.Exit.ShouldBe(2, rival.ToString());
        rival.Errors.ShouldContain("line 1:");
        rival.Errors.ShouldNotContain("Stream", Case.Sensitive);
        rival.Errors.ShouldNotContain("StartStream");
        await ReadModels.ShouldHoldEveryEventAsync(_fixture, "made-a");
        await ReadModels.ShouldHoldEveryEventAsync(_fixture, "made-b");
    }

    async Task<(CliRun First, CliRun Rival)> RaceAsync(string[] first, string[] rival)
    {
        var background = new BackgroundRival(_fixture, await LedgerFixture.WriteFileAsync(rival));
        await using var racing = _fixture.NewConnection(services => services.ConfigureMarten(o => o.Listeners.Add(new RivalStartsBeforeSaving(background))));
        var run = await LedgerFixture.RunAsync(racing, "import", await LedgerFixture.WriteFileAsync(first));
        return (run, await background.Run);
    }

    Task<long> ConductCountAsync(string id) => _fixture.ScalarAsync<long>(
        $"select count(*) from {_fixture.Schema}.mt_events where type = 'conduct.observed' and data ->> 'Id' = '{id}'");
}
