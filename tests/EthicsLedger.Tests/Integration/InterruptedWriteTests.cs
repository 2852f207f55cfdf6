using System.Text.Json;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Importing;
using EthicsLedger.Projections;
using EthicsLedger.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

public class InterruptedWriteTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public InterruptedWriteTests(LedgerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task a_writer_that_commits_between_the_check_and_the_append_makes_the_import_fail_rather_than_slip_past_the_rules()
    {
        (await _fixture.ImportAsync(Org("race"), Made("race-c", "race", "2020-01-01"))).Exit.ShouldBe(0);
        var rival = await LedgerFixture.WriteFileAsync(Withdrawn("race-c", "2020-06-01"));
        await using var racing = _fixture.NewConnection(services => services
            .AddSingleton(new Rival(_fixture, rival))
            .AddScoped<ILedgerReader, RivalWritesAfterReading>());

        var run = await LedgerFixture.RunAsync(racing, "import", await LedgerFixture.WriteFileAsync(Withdrawn("race-c", "2021-01-01")));

        run.Exit.ShouldNotBe(0, run.ToString());
        var withdrawals = await _fixture.ScalarAsync<long>(
            $"select count(*) from {_fixture.Schema}.mt_events where stream_id = 'commitment:race-c' and type = 'commitment.withdrawn'");
        withdrawals.ShouldBe(1, run.ToString());
    }

    [Fact]
    public async Task an_import_cut_off_before_its_commit_and_run_again_ends_with_the_ledger_one_run_makes()
    {
        await using var cutOff = await FreshAsync();
        await using var failing = cutOff.NewConnection(services => services.ConfigureMarten(o => o.Listeners.Add(new FailsOnceBeforeCommit())));
        var cut = await LedgerFixture.RunAsync(failing, "import", DemoCommand.StoryFile);
        cut.Exit.ShouldBe(1, cut.ToString());
        (await cutOff.EventCountAsync()).ShouldBe(0, cut.ToString());
        (await cutOff.RunAsync("import", DemoCommand.StoryFile)).Exit.ShouldBe(0);

        await using var once = await FreshAsync();
        (await once.RunAsync("import", DemoCommand.StoryFile)).Exit.ShouldBe(0);

        (await cutOff.EventCountAsync()).ShouldBe(await once.EventCountAsync());
        foreach (var org in new[] { "ibm", "amazon", "microsoft" })
            (await CommitmentsAsync(cutOff, org)).ShouldBe(await CommitmentsAsync(once, org));
    }

    static async Task<LedgerFixture> FreshAsync()
    {
        var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        return fixture;
    }

    static async Task<string> CommitmentsAsync(LedgerFixture fixture, string org)
    {
        var run = await fixture.RunAsync("stance", org, "--as-of", "2026-01-01", "--json");
        return JsonDocument.Parse(run.Json).RootElement.GetProperty("commitments").GetRawText();
    }

    public sealed class Rival(LedgerFixture fixture, string file)
    {
        int _raced;

        /// <summary>Imports the rival file, once.</summary>
        public async Task WriteOnceAsync()
        {
            if (Interlocked.Exchange(ref _raced, 1) != 0) return;
            var run = await fixture.RunAsync("import", file);
            run.Exit.ShouldBe(0, run.ToString());
        }
    }

    /// <summary>Reads the ledger, then lets a rival import commit before the reader's caller appends.</summary>
    public sealed class RivalWritesAfterReading(IQuerySession session, Rival rival) : ILedgerReader
    {
        public async Task<LedgerSnapshot> SnapshotForAsync(IReadOnlyList<ParsedLine> lines, CancellationToken cancellation)
        {
            var snapshot = await new MartenLedgerReader(session).SnapshotForAsync(lines, cancellation);
            await rival.WriteOnceAsync();
            return snapshot;
        }
    }
}
