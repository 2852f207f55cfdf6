using EthicsLedger.Cli.Rendering;
using EthicsLedger.Contracts;
using EthicsLedger.Messaging;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Messaging;

/// <summary>How watch shows a message to a person, and to a program (--json).</summary>
public class WatchLineTests
{
    static IReadOnlyList<LedgerMessage> Told(params string[] lines)
    {
        var org = TestLedger.Import(lines).Organization("acme");
        return Announcements.For(org.Commitments["c1"], org.Conducts, new DateOnly(2022, 1, 1)).Select(a => a.Message).ToList();
    }

    [Fact]
    public void each_line_says_the_date_the_commitment_and_what_happened_with_its_source_when_it_has_one()
    {
        var told = Told(Org(), Made(on: "2020-01-01", term: new { until = "2021-01-01" }), Violation("c1", "v1", "2020-02-01"), Confirmed("c1", "v1", "2020-03-01"));
        told.Select(WatchLine.Text).ShouldBe([
            $"2020-01-01 acme/c1 — pledge made (moratorium): We will not. [{Url}]",
            $"2020-02-01 acme/c1 — flag raised: v1 (violation, alleged) [{Url}]",
            "2020-03-01 acme/c1 — flag confirmed: v1 (violation)",
            $"2021-01-01 acme/c1 — lapsed: its term ended 2021-01-01 [{Url}]",
        ]);
    }

    [Fact]
    public void hostile_text_is_shown_escaped_on_one_line()
    {
        const string hostile = "x\u009b2J\u202ey\nline 2";
        var told = Told(Org(),
            With(Made(on: "2020-01-01"), ("statement", hostile), ("source", new { url = "https://example.org/\u202efdp.exe" })),
            With(Amended("c1", "2020-02-01"), ("reason", hostile)));

        var text = told.Select(WatchLine.Text).ToList();

        text.ShouldBe([
            @"2020-01-01 acme/c1 — pledge made (moratorium): x\u009b2J\u202ey\nline 2 [https://example.org/\u202efdp.exe]",
            @"2020-02-01 acme/c1 — amended: x\u009b2J\u202ey\nline 2 [https://example.org/source]",
        ]);
        text.ForEach(line => line.ShouldBeSafeForATerminal());
    }

    [Fact]
    public void the_json_line_is_the_wire_body_with_its_type_first()
    {
        var pledge = Told(Org(), Made(on: "2020-01-01"))[0];
        var line = WatchLine.Json(pledge);
        line.ShouldStartWith("{\"type\":\"ethicsledger.pledge-made.v1\",");
        line.ShouldEndWith(MessageJson.Serialize(pledge)[1..]);
    }
}
