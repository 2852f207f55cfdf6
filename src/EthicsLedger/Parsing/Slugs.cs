namespace EthicsLedger.Parsing;

/// <summary>Identifiers are slugs: <c>^[a-z0-9][a-z0-9-]{0,62}$</c>, compared exactly.</summary>
public static class Slugs
{
    public static bool IsSlug(string text) =>
        text.Length is >= 1 and <= 63
        && IsLetterOrDigit(text[0])
        && text.All(c => IsLetterOrDigit(c) || c == '-');

    static bool IsLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
