using System.Text;
using System.Text.RegularExpressions;
using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Parsing;

/// <summary>Parses single lines and whole files and says, in assertions, whether they were accepted or refused.</summary>
public static class Parsed
{
    /// <summary>The one parsed line of a file made of just this line.</summary>
    public static ParsedLine Only(string line)
    {
        var lines = TestLedger.Parse(line);
        lines.Count.ShouldBe(1, $"one line expected from: {line}");
        lines[0].Line.ShouldBe(1);
        return lines[0];
    }

    public static Entry Accepted(string line)
    {
        var parsed = Only(line);
        parsed.Error.ShouldBeNull($"this line should be accepted: {line}");
        return parsed.Read().ShouldNotBeNull();
    }

    public static T Accepted<T>(string line) where T : Entry => Accepted(line).ShouldBeOfType<T>();

    /// <summary>The reason a line was refused; fails when it was accepted.</summary>
    public static string Refused(string line)
    {
        var parsed = Only(line);
        parsed.Read().ShouldBeNull($"this line should be refused: {line}");
        parsed.Error.ShouldNotBeNullOrWhiteSpace();
        return parsed.Error!;
    }

    public static IReadOnlyList<ParsedLine> File(byte[] bytes) => LedgerFile.Parse(bytes);

    public static IReadOnlyList<ParsedLine> File(string text) => LedgerFile.Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>The reason names this word (a field name, say) as a whole word, not as part of another.</summary>
    public static void ShouldName(this string reason, string word) =>
        Regex.IsMatch(reason, $@"(?<![\w-]){Regex.Escape(word)}(?![\w-])")
            .ShouldBeTrue($"the reason \"{reason}\" should name '{word}'");

    /// <summary>The field name a path ends in: "scope.activities[0]" → "activities".</summary>
    public static string Leaf(string path)
    {
        var last = path.Split('.')[^1];
        var bracket = last.IndexOf('[');
        return bracket < 0 ? last : last[..bracket];
    }
}
