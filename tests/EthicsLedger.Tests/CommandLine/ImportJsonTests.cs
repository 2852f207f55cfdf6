using System.Text.Json;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.CommandLine;

public class ImportJsonTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task import_json_reports_what_was_appended_and_every_wrong_line_with_its_number_and_appends_nothing_then()
    {
        var good = await fixture.RunAsync("import", await LedgerFixture.WriteFileAsync(Org("ij"), Made("ij-c", "ij", "2020-01-01")), "--json");
        good.Exit.ShouldBe(0, good.ToString());
        var appended = JsonDocument.Parse(good.Json).RootElement;
        (appended.GetProperty("appended").GetInt32(), appended.GetProperty("alreadyInLedger").GetInt32(), appended.GetProperty("errors").GetArrayLength())
            .ShouldBe((2, 0, 0));
        good.Console.ShouldBeEmpty();

        var events = await fixture.EventCountAsync();
        var bad = await fixture.RunAsync("import", await LedgerFixture.WriteFileAsync(
            Made("ij-d", "ij", "2020-01-01"), "{not json", Made("ij-e", "nobody", "2020-01-01")), "--json");
        bad.Exit.ShouldBe(2, bad.ToString());
        var refused = JsonDocument.Parse(bad.Json).RootElement;
        refused.GetProperty("appended").GetInt32().ShouldBe(0);
        var errors = refused.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("reason").GetString()!)).ToList();
        errors.Select(e => e.Item1).ShouldBe([2, 3]);
        // The same lines, in the same words, as the plain output on standard error.
        foreach (var (line, reason) in errors) bad.Errors.ShouldContain($"line {line}: {reason}");
        (await fixture.EventCountAsync()).ShouldBe(events);
    }
}
