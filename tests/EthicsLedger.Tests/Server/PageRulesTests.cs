using EthicsLedger.Server.Api;
using EthicsLedger.Server.Pages;

namespace EthicsLedger.Tests.Server;

/// <summary>Rules of the downloads and pages that docs/server.md states, checked without a server.</summary>
public class PageRulesTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tx", "\"'\tx\"")]
    [InlineData("line one\r\nline two", "\"line one\r\nline two\"")]
    [InlineData("a \"quote\", a comma", "\"a \"\"quote\"\", a comma\"")]
    [InlineData("", "\"\"")]
    public void a_csv_field_is_quoted_and_never_runs_as_a_formula(string field, string written) =>
        Csv.Of(["h"], [[field]]).ShouldBe($"\"h\"\r\n{written}\r\n");

    [Fact]
    public void a_missing_field_is_an_empty_one() => Csv.Of(["a", "b"], [["x", null]]).ShouldBe("\"a\",\"b\"\r\n\"x\",\"\"\r\n");

    /// <summary>WCAG 2's contrast ratio of each status and flag colour against the white page: at least 4.5:1, as docs/server.md says.</summary>
    [Theory]
    [InlineData("in-force")] [InlineData("announced")] [InlineData("expired")] [InlineData("released")] [InlineData("fulfilled")] [InlineData("withdrawn")]
    [InlineData("alleged")] [InlineData("confirmed")] [InlineData("dismissed")]
    public void every_colour_that_writes_a_status_is_readable_on_white(string name)
    {
        var colour = name is "alleged" or "confirmed" or "dismissed" ? Html.FlagColour(name) : Html.StatusColour(name);
        static double Channel(string hex) { var c = Convert.ToInt32(hex, 16) / 255.0; return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4); }
        var luminance = 0.2126 * Channel(colour[1..3]) + 0.7152 * Channel(colour[3..5]) + 0.0722 * Channel(colour[5..7]);
        ((1.0 + 0.05) / (luminance + 0.05)).ShouldBeGreaterThanOrEqualTo(4.5, colour);
    }
}
