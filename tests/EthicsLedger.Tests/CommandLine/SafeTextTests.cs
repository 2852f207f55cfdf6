using EthicsLedger.Cli.Rendering;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.CommandLine;

/// <summary>How text is shown to a person: every control character and bidi override as a visible escape, everything else as it is.</summary>
public class SafeTextTests
{
    public static TheoryData<int> EveryHiddenCharacter()
    {
        var data = new TheoryData<int>();
        foreach (var c in Enumerable.Range(0x00, 0x20).Append(0x7f).Concat(Enumerable.Range(0x80, 0x20))
                     .Concat(Enumerable.Range(0x202a, 5)).Concat(Enumerable.Range(0x2066, 4)))
            if (c is not (0x09 or 0x0a or 0x0d)) data.Add(c);
        return data;
    }

    [Theory, MemberData(nameof(EveryHiddenCharacter))]
    public void a_control_character_or_bidi_override_is_shown_as_its_escape(int c)
    {
        var shown = SafeText.Line($"a{(char)c}b");
        shown.ShouldBe($"a\\u{c:x4}b");
        SafeText.Lines($"a{(char)c}b").ShouldBe(shown);
    }

    [Fact]
    public void tab_carriage_return_and_line_feed_have_their_short_escapes_and_a_block_keeps_its_line_feeds()
    {
        SafeText.Line("a\tb\r\nc").ShouldBe(@"a\tb\r\nc");
        SafeText.Lines("a\tb\r\nc").ShouldBe("a\\tb\\r\nc");
    }

    [Theory]
    [InlineData("Amazon.com, Inc.")]
    [InlineData(@"C:\ledger\u001b is six characters here")]
    [InlineData("Zürich — «Łódź» 東京 😀")]
    [InlineData("שלום عربي")]
    [InlineData("a\u200eb")]
    public void other_text_is_shown_as_it_is(string text) => SafeText.Line(text).ShouldBe(text);

    [Fact]
    public void showing_shown_text_again_changes_nothing_and_nothing_is_empty()
    {
        var once = SafeText.Line("x\u001b]0;pwn\u0007\n\u202e");
        SafeText.Line(once).ShouldBe(once);
        once.ShouldBeSafeForATerminal();
        SafeText.Line(null).ShouldBe("");
    }

    [Fact]
    public void inside_markup_square_brackets_are_text_too() =>
        SafeMarkup.Line("[red]x\u001b[/]").ShouldBe(@"[[red]]x\u001b[[/]]");
}
