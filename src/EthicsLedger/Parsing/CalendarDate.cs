using System.Globalization;

namespace EthicsLedger.Parsing;

/// <summary>
/// Dates as the contract writes them, YYYY-MM-DD. A date written right that no calendar has
/// (2021-02-29) is told apart from one written wrong, so the person knows which of the two to fix.
/// </summary>
public static class CalendarDate
{
    public static bool TryParse(string text, out DateOnly date)
    {
        // Nearly every date is written right: read its digits directly, since the culture-aware parser is a
        // measurable part of reading a line. Anything else gets the parser's own answer.
        if (IsWrittenRight(text))
        {
            int Number(int start, int length) { var n = 0; for (var i = start; i < start + length; i++) n = n * 10 + (text[i] - '0'); return n; }
            var (year, month, day) = (Number(0, 4), Number(5, 2), Number(8, 2));
            if (year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                date = new DateOnly(year, month, day);
                return true;
            }
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>Why <paramref name="text"/> is not a date, said of <paramref name="what"/> ("field 'on'", "--as-of").</summary>
    public static string Problem(string what, string text) => IsWrittenRight(text)
        ? $"{what}: '{text}' is not a date that exists"
        : $"{what} must be a date written YYYY-MM-DD, got '{text}'";

    static bool IsWrittenRight(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-'
        && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3])
        && char.IsAsciiDigit(text[5]) && char.IsAsciiDigit(text[6]) && char.IsAsciiDigit(text[8]) && char.IsAsciiDigit(text[9]);
}
