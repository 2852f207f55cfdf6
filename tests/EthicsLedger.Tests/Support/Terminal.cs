namespace EthicsLedger.Tests.Support;

/// <summary>What must never reach a person's terminal raw: a control character could move the cursor, retitle the window or hide text, a bidi override could reorder it.</summary>
public static class Terminal
{
    static bool IsHostile(char c) => (char.IsControl(c) && c != '\n') || c is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    public static void ShouldBeSafeForATerminal(this string printed, string? context = null)
    {
        var raw = printed.Where(IsHostile).Select(c => $"U+{(int)c:X4}").Distinct().ToList();
        raw.ShouldBeEmpty($"raw characters reached the terminal in:\n{context ?? printed}");
    }
}
