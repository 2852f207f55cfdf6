using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.CommandLine;

public class CountedTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Theory]
    [InlineData(0, "0 entries")]
    [InlineData(1, "1 entry")]
    [InlineData(2, "2 entries")]
    public void a_count_takes_the_noun_that_agrees_with_it(long count, string expected) =>
        Counted.Of(count, "entry", "entries").ShouldBe(expected);

    [Fact]
    public async Task one_entry_appended_is_told_as_one_entry_and_one_wrong_line_as_one()
    {
        var one = await fixture.ImportAsync(Org("counted"));
        one.Console.ShouldContain("Appended 1 entry; 0 already in the ledger.", Case.Sensitive, one.ToString());

        var wrong = await fixture.ImportAsync("{\"type\":\"organization.registered\"}");
        wrong.Exit.ShouldBe(2);
        wrong.Errors.ShouldContain("1 wrong line;");
    }
}
