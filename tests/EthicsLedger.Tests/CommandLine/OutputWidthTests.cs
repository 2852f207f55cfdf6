using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.CommandLine;

public class OutputWidthTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Theory]
    [InlineData("160", true, 80, 160)]
    [InlineData("100", false, 80, 100)]
    [InlineData(null, true, 80, Output.PipedWidth)]
    [InlineData(null, false, 132, 132)]
    [InlineData("wide", true, 80, Output.PipedWidth)]
    [InlineData("0", false, 90, 90)]
    public void tables_are_as_wide_as_columns_says_else_the_terminal_else_wide_when_piped(string? columns, bool piped, int terminal, int expected) =>
        Output.Width(columns, piped, terminal).ShouldBe(expected);

    [Fact]
    public async Task a_stance_piped_to_another_program_keeps_every_id_whole_and_columns_still_narrows_it()
    {
        const string id = "width-a-commitment-id-long-enough-to-break-at-eighty-cols";
        (await fixture.ImportAsync(Org("width"), Made(id, "width", "2020-01-01"))).Exit.ShouldBe(0);

        await using var piped = CliProcess.Start(fixture, new Dictionary<string, string> { ["COLUMNS"] = "" }, "stance", "width");
        (await piped.WaitForExitAsync()).ShouldBe(0, piped.Errors);
        piped.Lines.ShouldContain(l => l.Contains(id), string.Join('\n', piped.Lines));

        await using var narrow = CliProcess.Start(fixture, new Dictionary<string, string> { ["COLUMNS"] = "60" }, "stance", "width");
        (await narrow.WaitForExitAsync()).ShouldBe(0, narrow.Errors);
        narrow.Lines.ShouldAllBe(l => l.Length <= 60);
        narrow.Lines.ShouldNotContain(l => l.Contains(id));
    }
}
