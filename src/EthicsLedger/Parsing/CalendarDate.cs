using System.Globalization;

namespace EthicsLedger.Parsing;

/// <summary>
/// Dates as the contract writes them, YYYY-MM-DD. A date written right that no calendar has
/// (2021-02-29) is told apart from one written wrong, so the person knows which of the two to fix.
/// </summary>
public static class CalendarDate
{
    public static bool TryParse(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Why <paramref name="text"/> is not a date, said of <paramref name="what"/> ("field 'on'", "--as-of").</summary>
    public static string Problem(string what, string text) => IsWrittenRight(text)
        ? $"{what}: '{text}' is not a date that exists"
        : $"{what} must be a date written YYYY-MM-DD, got '{text}'";

    static bool IsWrittenRight(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-' && text.Where((_, i) => i is not (4 or 7)).All(char.IsAsciiDigit);
}
