using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"No text field may be blank": every string of every type, list items and nested fields included.</summary>
public class BlankFieldTests
{
    static readonly string[] Blanks = ["", "   ", " \t\n "];

    public static TheoryData<string, string, string> EveryStringWithEveryBlank() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => s.StringPaths.SelectMany(p => Blanks.Select(b => (s.Type, p, b)))));

    [Theory, MemberData(nameof(EveryStringWithEveryBlank))]
    public void a_blank_string_is_refused_and_the_reason_names_the_field(string type, string path, string blank) =>
        Refused(JsonEdit.SetText(EntryTable.Full(type), path, blank)).ShouldName(Leaf(path));

    [Theory]
    [InlineData("name", "  Acme Inc.  ")]
    [InlineData("name", "A")]
    [InlineData("name", "Acme\nInc.")]
    [InlineData("name", "\u00a0Acme")]
    public void a_text_that_is_not_all_white_space_is_accepted(string field, string text) =>
        Accepted<OrganizationRegistered>(JsonEdit.SetText(EntryTable.Full("organization.registered"), field, text)).Name.ShouldBe(text);

    [Theory]
    [InlineData("\u00a0")]
    [InlineData("\u2003")]
    [InlineData("\u3000")]
    public void a_text_of_only_unicode_white_space_is_blank(string blank) =>
        Refused(JsonEdit.SetText(EntryTable.Full("commitment.made"), "statement", blank)).ShouldName("statement");
}
