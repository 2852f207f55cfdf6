using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Rules;

public class SmokeTests
{
    [Fact]
    public void a_one_year_moratorium_extended_until_further_notice_is_in_force_after_its_first_year()
    {
        var ledger = TestLedger.Import(
            Org("amazon"),
            Made("moratorium", "amazon", "2020-06-10", term: new { until = "2021-06-10" }),
            Amended("moratorium", "2021-05-18", term: new { until = (string?)null }));

        ledger.StatusOf("moratorium", "2020-06-09").ShouldBeNull();
        ledger.StatusOf("moratorium", "2021-06-15").ShouldBe("in-force");
    }
}
