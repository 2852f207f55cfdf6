using System.Text;

namespace EthicsLedger;

/// <summary>
/// Text as it may safely reach a person's terminal. A control character (C0, DEL, C1) can move the
/// cursor, retitle the window or clear the screen, and a bidi override or isolate (U+202A–U+202E,
/// U+2066–U+2069) makes text read other than it is; each is shown as a visible escape such as
/// <c>\u001b</c> or <c>\t</c>. Nothing else changes, backslashes included. Machine output
/// (<c>--json</c>) never comes here: it must stay exact.
/// </summary>
public static class SafeText
{
    /// <summary>For what is one line (an error, a watch line): a line feed is escaped too, so text cannot forge a line of its own.</summary>
    public static string Line(string? text) => Escape(text, keepLineFeeds: false);

    /// <summary>For a table cell or a tree node, where a line feed only starts another line inside it.</summary>
    public static string Lines(string? text) => Escape(text, keepLineFeeds: true);

    static string Escape(string? text, bool keepLineFeeds)
    {
        if (text is null) return "";
        if (!text.Any(c => IsHidden(c, keepLineFeeds))) return text;
        var shown = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!IsHidden(c, keepLineFeeds)) shown.Append(c);
            else shown.Append(c switch { '\t' => @"\t", '\n' => @"\n", '\r' => @"\r", _ => $@"\u{(int)c:x4}" });
        }
        return shown.ToString();
    }

    static bool IsHidden(char c, bool keepLineFeeds) =>
        (char.IsControl(c) && !(keepLineFeeds && c == '\n')) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
