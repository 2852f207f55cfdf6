using System.Text.Json;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.CommandLine;

/// <summary>Every command that prints results prints them as JSON with --json, and the JSON says what the ledger holds.</summary>
public class JsonOutputTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    async Task<JsonElement> JsonAsync(params string[] args)
    {
        var run = await fixture.RunAsync(args);
        run.Exit.ShouldBe(0, run.ToString());
        run.Console.ShouldBeEmpty();
        return JsonDocument.Parse(run.Json).RootElement;
    }

    [Fact]
    public async Task checkpoint_export_migrate_replay_and_commitment_show_print_json()
    {
        (await fixture.RunAsync("import", DemoCommand.StoryFile)).Exit.ShouldBe(0);
        var events = await fixture.EventCountAsync();

        var signed = await JsonAsync("checkpoint", "--json");
        signed.GetProperty("signed").GetBoolean().ShouldBeTrue();
        signed.GetProperty("treeSize").GetInt64().ShouldBe(events);
        signed.GetProperty("newLeaves").GetInt64().ShouldBe(events);
        signed.GetProperty("rootHash").GetString().ShouldBe(await fixture.ScalarAsync<string>($"select root_hash from {fixture.Schema}.ledger_checkpoints order by tree_size desc limit 1"));
        (await JsonAsync("checkpoint", "--json")).GetProperty("signed").GetBoolean().ShouldBeFalse();

        var file = Path.Combine(Path.GetTempPath(), $"bundle-{Guid.NewGuid():N}.json");
        var export = await JsonAsync("export", file, "--org", "amazon", "--json");
        export.GetProperty("bytes").GetInt64().ShouldBe(new FileInfo(file).Length);
        export.GetProperty("org").GetString().ShouldBe("amazon");

        (await JsonAsync("migrate", "--json")).GetProperty("upToDate").GetBoolean().ShouldBeTrue();

        var replay = await JsonAsync("replay", "amazon", "--json");
        var steps = replay.GetProperty("steps").EnumerateArray().ToList();
        steps.Select(s => s.GetProperty("on").GetString()).ShouldBe(["2020-06-10", "2021-05-18"]);
        steps[1].GetProperty("entries")[0].GetProperty("type").GetString().ShouldBe("commitment.amended");
        steps[1].GetProperty("commitments")[0].GetProperty("term").GetProperty("until").ValueKind.ShouldBe(JsonValueKind.Null);

        var before = await JsonAsync("commitment", "show", "amazon-rekognition-police-moratorium", "--as-of", "2020-01-01", "--json");
        before.GetProperty("stance").ValueKind.ShouldBe(JsonValueKind.Null);
        before.GetProperty("entries").GetArrayLength().ShouldBe(2);
        before.GetProperty("entries")[0].GetProperty("entry").GetProperty("type").GetString().ShouldBe("commitment.made");
        before.GetProperty("entries")[0].GetProperty("recordedBy").GetString()!.ShouldStartWith("cli:");
    }
}
