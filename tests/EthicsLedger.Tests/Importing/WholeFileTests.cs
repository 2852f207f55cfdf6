using System.Text;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// "An import checks the whole file, together with what the ledger already holds, before it
/// appends anything. If any line is wrong, nothing is appended, and every wrong line is reported
/// as `line N: reason`."
/// </summary>
public class WholeFileTests
{
    [Fact]
    public void a_good_file_is_to_be_appended_whole_in_file_order()
    {
        var plan = TestLedger.Check(null, Org(), Made("c1"), Violation("c1", "v-1", "2021-01-01"), Confirmed("c1", "v-1", "2021-02-01"));
        plan.ShouldBeAccepted(4);
        plan.ToAppend.Select(e => e.Line).ShouldBe([1, 2, 3, 4]);
    }

    [Fact]
    public void one_wrong_line_leaves_nothing_to_append()
    {
        var plan = TestLedger.Check(null, Org(), Made("c1"), Violation("c1", "v-1", "2021-01-01"), Attested("c1", "2026-11-28"));
        plan.ShouldRefuseOnly(4, "2026-11-28");
    }

    [Fact]
    public void two_independent_wrong_lines_are_both_reported_in_line_order()
    {
        var plan = TestLedger.Check(null,
            Org(),
            Made("c1", org: "ghost"),                       // line 2: unknown organization
            Made("c2"),
            Attested("c2", "2026-11-28"));                  // line 4: later than today

        plan.ShouldRefuseLines(2, 4);
        plan.ShouldMention(2, "ghost");
        plan.ShouldMention(4, "2026-11-28");
    }

    [Fact]
    public void wrong_lines_found_by_different_checks_are_reported_in_line_order()
    {
        var plan = TestLedger.Check(null,
            Org(),
            Made("c1", term: new { until = "2021-01-01" }),
            Withdrawn("c1", "2021-06-01"),                  // line 3: ending after expiry
            Confirmed("c1", "v-9", "2021-02-01"),           // line 4: no such flag
            Conduct("withdrawn-early", "2021-01-01"),       // line 5: reserved conduct id
            Amended("ghost", "2021-01-01"),                 // line 6: unknown commitment
            Attested("c1", "2026-11-28"));                  // line 7: later than today

        plan.ShouldRefuseLines(3, 4, 5, 6, 7);
        plan.ShouldMention(3, "2021-06-01");
        plan.ShouldMention(4, "v-9");
        plan.ShouldMention(5, "withdrawn-early");
        plan.ShouldMention(6, "ghost");
        plan.ShouldMention(7, "2026-11-28");
    }

    [Fact]
    public void a_line_that_cannot_be_parsed_and_a_line_that_breaks_a_rule_are_both_reported()
    {
        var plan = TestLedger.Check(null, Org(), "{\"type\": \"commitment.made\"", Made("c1", org: "ghost"));
        plan.ShouldRefuseLines(2, 3);
        plan.ShouldMention(3, "ghost");
    }

    [Fact]
    public void line_numbers_count_blank_lines()
    {
        var plan = TestLedger.Check(null, "", Org(), "   ", "\t", Made("c1", org: "ghost"), "", Made("c2", org: "nobody"));
        plan.ShouldRefuseLines(5, 7);
        plan.ShouldMention(5, "ghost");
        plan.ShouldMention(7, "nobody");
    }

    [Fact]
    public void line_numbers_count_blank_lines_in_a_crlf_file_with_a_byte_order_mark()
    {
        var text = "\uFEFF" + string.Join("\r\n", Org(), "", Made("c1"), " \t ", Withdrawn("c1", "2026-11-28")) + "\r\n";
        var lines = LedgerFile.Parse(Encoding.UTF8.GetBytes(text));

        var plan = ImportRules.Check(lines, LedgerSnapshot.Empty, TestLedger.Now);

        plan.ShouldRefuseOnly(5, "2026-11-28");
    }

    [Fact]
    public void the_accepted_lines_keep_their_file_line_numbers()
    {
        var plan = TestLedger.Check(null, "", Org(), "", Made("c1"));
        plan.ShouldBeAccepted(2);
        plan.ToAppend.Select(e => e.Line).ShouldBe([2, 4]);
    }

    [Fact]
    public void only_the_wrong_line_is_reported_when_later_lines_refer_to_what_it_makes()
    {
        // c1 is made in the file (on a wrong line): the amendment refers to a commitment that exists
        // in the file, so it breaks no rule of its own and must not be reported as a missing reference.
        var plan = TestLedger.Check(null, Org(), Made("c1", org: "ghost"), Amended("c1", "2021-01-01", statement: "Later."));
        plan.ShouldRefuseOnly(2, "ghost");
    }

    public static TheoryData<string> WrongMades => ["unregistered-org", "dated-tomorrow", "unknown-field", "unknown-kind", "blank-statement"];

    static string WrongMade(string how) => how switch
    {
        "unregistered-org" => Made("c1", org: "ghost"),
        "dated-tomorrow" => Made("c1", on: "2026-11-28"),
        "unknown-field" => With(Made("c1"), ("statment", "typo")),
        "unknown-kind" => Made("c1", kind: "promise"),
        "blank-statement" => With(Made("c1"), ("statement", " ")),
        _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
    };

    [Theory]
    [MemberData(nameof(WrongMades))]
    public void lines_about_a_commitment_made_on_a_wrong_line_are_not_reported_as_referring_to_nothing(string how)
    {
        var plan = TestLedger.Check(null, Org(), WrongMade(how), Amended("c1", "2021-01-01", statement: "Later."),
            Violation("c1", "v-1", "2021-02-01"), Confirmed("c1", "v-1", "2021-03-01"));
        plan.ShouldRefuseLines(2);
    }

    [Theory]
    [InlineData("unknown-field")]
    [InlineData("blank-name")]
    [InlineData("bad-alias")]
    public void lines_about_an_organization_registered_on_a_wrong_line_are_not_reported_as_referring_to_nothing(string how)
    {
        var wrongOrg = how switch
        {
            "unknown-field" => With(Org("acme"), ("wikidata", "Q1")),
            "blank-name" => With(Org("acme"), ("name", "")),
            _ => With(Org("acme"), ("aliases", new[] { 1 })),
        };
        var plan = TestLedger.Check(null, wrongOrg, Made("c1", org: "acme"), Conduct("k-1", "2021-01-01", org: "acme"));
        plan.ShouldRefuseLines(1);
    }

    [Fact]
    public void a_wrong_line_among_no_ops_still_leaves_nothing_to_append()
    {
        var ledger = TestLedger.Import(Org(), Made("c1"));
        var plan = TestLedger.Check(ledger, Org(), Made("c1"), Made("c2"), Made("c3", org: "ghost"));
        plan.ShouldRefuseOnly(4, "ghost");
    }
}
