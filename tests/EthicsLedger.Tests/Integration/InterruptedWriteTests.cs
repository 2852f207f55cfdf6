using System.Text.Json;
using EthicsLedger.Cli.Commands;
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
}
