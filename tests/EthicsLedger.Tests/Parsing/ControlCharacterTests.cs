using System.Text;
using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>
/// "No text may hold a control character other than tab, line feed and carriage return
/// (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+007F)": in any string of a line, keys included,
/// whether written as a JSON escape or as the raw character.
/// </summary>
public class ControlCharacterTests
{
    public static readonly char[] Forbidden =
        [.. Enumerable.Range(0x00, 0x20).Where(c => c is not (0x09 or 0x0A or 0x0D)).Select(c => (char)c), '\u007f'];

    /// <summary>The six characters of the JSON escape, e.g. <c>\u0000</c>.</summary>
    static string Escape(char c) => $"\\u{(int)c:x4}";

    /// <summary>The line with the string at <paramref name="path"/> replaced by one holding <paramref name="inside"/> as written JSON.</summary>
    static string WithWritten(string line, string path, string inside) => JsonEdit.Set(line, path, $"\"Acme{inside}Inc\"");

    public static TheoryData<string, string> EveryString() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => s.StringPaths.Select(p => (s.Type, p))));

    public static TheoryData<int> EveryForbidden()
    {
        var data = new TheoryData<int>();
        foreach (var c in Forbidden) data.Add(c);
        return data;
    }

    /// <summary>Each object a line may hold, by its path ("" is the line itself).</summary>
    public static TheoryData<string, string> EveryObject() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => s.ObjectPaths.Prepend("").Select(p => (s.Type, p))));

    [Theory, MemberData(nameof(EveryString))]
    public void an_escaped_nul_in_any_string_is_refused_and_the_reason_names_the_field(string type, string path)
    {
        var reason = Refused(WithWritten(EntryTable.Full(type), path, "\\u0000"));
        reason.ShouldName(Leaf(path));
        reason.ShouldContain("U+0000");
    }

    [Theory, MemberData(nameof(EveryForbidden))]
    public void every_forbidden_control_character_is_refused_written_as_an_escape(int c)
    {
        var reason = Refused(WithWritten(EntryTable.Full("commitment.made"), "statement", Escape((char)c)));
        reason.ShouldName("statement");
        reason.ShouldContain($"U+{c:X4}");
    }

    [Theory, MemberData(nameof(EveryForbidden))]
    public void every_forbidden_control_character_is_refused_written_raw(int c)
    {
        var line = EntryTable.Full("commitment.made").Replace("A quote.", $"A {(char)c}quote.");
        line.ShouldContain(((char)c).ToString());
        Refused(line);
    }

    [Theory, MemberData(nameof(EveryForbidden))]
    public void every_forbidden_control_character_is_refused_in_a_list_item(int c) =>
        Refused(WithWritten(EntryTable.Full("organization.registered"), "aliases[1]", Escape((char)c))).ShouldName("aliases");

    [Theory, MemberData(nameof(EveryObject))]
    public void an_escaped_nul_in_a_field_name_is_refused(string type, string objectPath)
    {
        var reason = Refused(JsonEdit.Add(EntryTable.Full(type), objectPath, "ti\0tle", "\"A title\""));
        reason.ShouldContain("U+0000");
        reason.ShouldContain("ti\\u0000tle");
    }

    [Theory, MemberData(nameof(EveryForbidden))]
    public void every_forbidden_control_character_is_refused_in_a_field_name(int c) =>
        Refused(JsonEdit.Add(EntryTable.Full("organization.registered"), "identifiers", $"w{(char)c}", "\"Q1\"")).ShouldContain($"U+{c:X4}");

    [Fact]
    public void a_raw_delete_in_a_field_name_is_refused() =>
        Refused(EntryTable.Full("organization.registered").Replace("\"name\":", "\"na\u007fme\":")).ShouldContain("U+007F");

    [Fact]
    public void a_control_character_in_the_type_is_refused_as_a_control_character_not_as_an_unknown_type()
    {
        var reason = Refused("""{"type":"\u001b]0;pwn\u0007","org":"acme","name":"Acme"}""");
        reason.ShouldName("type");
        reason.ShouldContain("U+001B");
    }

    [Theory, MemberData(nameof(EveryForbidden))]
    public void no_reason_holds_the_control_character_itself(int c)
    {
        Refused(WithWritten(EntryTable.Full("commitment.made"), "org", Escape((char)c))).ShouldNotContain(((char)c).ToString());
        Refused(JsonEdit.Add(EntryTable.Full("commitment.made"), "", $"x{(char)c}", "1")).ShouldNotContain(((char)c).ToString());
    }

    [Theory]
    [InlineData("\\t", "\t")]
    [InlineData("\\n", "\n")]
    [InlineData("\\r", "\r")]
    [InlineData("\\r\\n", "\r\n")]
    public void tab_line_feed_and_carriage_return_are_allowed(string written, string text) =>
        Accepted<CommitmentMade>(WithWritten(EntryTable.Full("commitment.made"), "statement", written)).Statement.ShouldBe($"Acme{text}Inc");

    [Theory]
    [InlineData("\\u0080")]
    [InlineData("\\u009b")]
    [InlineData("\\u009f")]
    [InlineData("\\u202e")]
    [InlineData("\\u2066")]
    [InlineData("\\u200f")]
    public void c1_controls_and_bidi_overrides_are_text_the_contract_allows(string written) =>
        Accepted<CommitmentMade>(WithWritten(EntryTable.Full("commitment.made"), "statement", written)).Statement
            .ShouldBe($"Acme{(char)Convert.ToInt32(written[2..], 16)}Inc");

    [Fact]
    public void an_escaped_backslash_before_u0000_is_the_six_characters_and_allowed() =>
        Accepted<CommitmentMade>(WithWritten(EntryTable.Full("commitment.made"), "statement", "\\\\u0000")).Statement.ShouldBe("Acme\\u0000Inc");

    [Fact]
    public void a_file_with_a_raw_nul_reports_that_line_by_its_number_and_keeps_the_others()
    {
        var good = EntryTable.Full("organization.registered");
        var nul = Encoding.UTF8.GetBytes(good.Replace("Acme Inc.", "Acme\0Inc."));
        var file = Encoding.UTF8.GetBytes(good + "\n").Concat(nul).Concat(Encoding.UTF8.GetBytes("\n" + good + "\n")).ToArray();

        var lines = File(file);

        lines.Select(l => (l.Line, l.Error is null)).ShouldBe([(1, true), (2, false), (3, true)]);
    }
}
