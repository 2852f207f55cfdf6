using System.Globalization;
using EthicsLedger.Entries;

namespace EthicsLedger.Rules;

/// <summary>A term in words, one line per part, as the command line's tables and the web pages both say it.</summary>
public static class TermWording
{
    public static IReadOnlyList<string> Lines(Term term)
    {
        var first = $"from {Text(term.From)}";
        // Open-ended only when nothing ends it: a condition is an end, just not a dated one.
        first += term.Until is { } until ? $" until {Text(until)}" : term.Condition is null ? " (open-ended)" : "";
        var lines = new List<string> { first };
        if (term.Due is { } due) lines.Add($"due {Text(due)}");
        if (term.Condition is { } condition) lines.Add($"until: {SafeText.Line(condition)}");
        return lines;
    }

    static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
